import BatonCore
import HTTPTypes
import Synchronization

/// The server's two rate limits, shared by every request handler:
///
/// - **heartbeats per session** (`heartbeatRate`, `BATON_HEARTBEAT_RATE`): a member that
///   heartbeats in a tight loop would otherwise keep the engine busy re-evaluating its group;
/// - **requests per principal** (`requestRate`, `BATON_REQUEST_RATE`): one user or client
///   cannot starve the others. With authentication disabled every request is anonymous, so
///   the limit applies per remote address instead (one shared bucket when the address is
///   unknown).
///
/// Each allows bursts of twice its rate; 0 turns it off. A refusal is a 429 with
/// `Retry-After` in whole seconds (rounded up, at least 1) and an `ErrorResponse` body.
///
/// The limiters sit behind `Mutex`es (one each, held for a dictionary lookup), not an actor,
/// so the hot path pays no actor hop.
public final class RateLimits: Sendable {
    /// What the per-principal limit counts requests against.
    enum RequestKey: Hashable, Sendable {
        case principal(kind: Principal.Kind, id: String)
        /// Anonymous requests (authentication disabled), by remote address.
        case address(String)
        /// Anonymous requests whose address is unknown share one bucket.
        case anonymous
    }

    public let heartbeatRate: Int
    public let requestRate: Int
    private let clock: any BatonClock
    private let heartbeats: Mutex<RateLimiter<MemberKey>>
    private let requests: Mutex<RateLimiter<RequestKey>>

    public init(heartbeatRate: Int, requestRate: Int, clock: any BatonClock) {
        self.heartbeatRate = max(0, heartbeatRate)
        self.requestRate = max(0, requestRate)
        self.clock = clock
        heartbeats = Mutex(RateLimiter(rate: heartbeatRate, clock: clock))
        requests = Mutex(RateLimiter(rate: requestRate, clock: clock))
    }

    public convenience init(settings: ServerSettings, clock: any BatonClock) {
        self.init(heartbeatRate: settings.heartbeatRate, requestRate: settings.requestRate, clock: clock)
    }

    /// Admits one heartbeat of `session` in `group`, or throws a 429 `APIError`.
    func admitHeartbeat(group: GroupKey, session: MemberID) throws {
        guard heartbeatRate > 0 else { return }
        let now = clock.now().instant
        let admission = heartbeats.withLock { $0.admit(MemberKey(group: group, member: session), at: now) }
        if case .limited(let retryAfter) = admission {
            throw Self.tooManyRequests(
                retryAfter: retryAfter,
                reason: "Session '\(session)' of group '\(group.id)' sent heartbeats faster than the limit of "
                    + "\(heartbeatRate) per second (bursts of \(2 * heartbeatRate)).",
                resolution: "Wait the Retry-After seconds before the next heartbeat, and heartbeat less often: "
                    + "a few times per FailoverTimeout is enough.")
        }
    }

    /// Admits one request of `principal` (from `remoteAddress`, used only for the anonymous
    /// principal), or throws a 429 `APIError`.
    func admitRequest(principal: Principal, remoteAddress: String?) throws {
        guard requestRate > 0 else { return }
        let key = Self.requestKey(principal: principal, remoteAddress: remoteAddress)
        let now = clock.now().instant
        let admission = requests.withLock { $0.admit(key, at: now) }
        if case .limited(let retryAfter) = admission {
            let who: String
            switch key {
            case .principal: who = "'\(principal)'"
            case .address(let address): who = "address \(address)"
            case .anonymous: who = "anonymous clients"
            }
            throw Self.tooManyRequests(
                retryAfter: retryAfter,
                reason: "Requests from \(who) exceed the limit of \(requestRate) per second "
                    + "(bursts of \(2 * requestRate)).",
                resolution: "Wait the Retry-After seconds before sending again, and send fewer requests.")
        }
    }

    static func requestKey(principal: Principal, remoteAddress: String?) -> RequestKey {
        guard principal.kind == .anonymous else { return .principal(kind: principal.kind, id: principal.id) }
        return remoteAddress.map(RequestKey.address) ?? .anonymous
    }

    /// A wait as `Retry-After` seconds: rounded up, at least 1 (0 would invite an instant retry).
    static func retryAfterSeconds(_ wait: Duration) -> Int64 {
        let nanoseconds = max(0, wait.nanoseconds)
        let (seconds, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        return max(1, remainder > 0 ? seconds + 1 : seconds)
    }

    static func tooManyRequests(retryAfter: Duration, reason: String, resolution: String) -> APIError {
        APIError(status: .tooManyRequests, error: "Too many requests.", reason: reason, resolution: resolution,
                 headers: [.retryAfter: String(retryAfterSeconds(retryAfter))])
    }
}
