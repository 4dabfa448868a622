import BatonCore
import Synchronization

/// How much bcrypt work anyone can make the server do. A secret is checked with bcrypt (cost
/// 12: a quarter of a second of a core) only when it is not among those already verified, so a
/// member or a client that keeps sending its right secret costs nothing after the first time;
/// wrong secrets cost the full price every time. Unbounded, a few wrong passwords a second
/// would keep every core busy, slow every heartbeat answer, and queue the first sign-in of a
/// member (after a restart, when nothing is verified yet) behind them. So:
///
/// - each client address may have `rate` wrong secrets checked per second, in bursts of
///   `burst`. A check takes its allowance before bcrypt runs (a right secret not yet verified
///   cannot be told from a guess) and a right one gives it back, so a fleet of members behind
///   one address signing in after a restart is slowed only by bcrypt itself; past the
///   allowance a 429 with `Retry-After`, without a check;
/// - at most `maximumInFlight` checks run or wait at once, whoever asks; past that too.
///
/// Secrets already verified and tokens are never limited here.
final class SecretCheckLimits: Sendable {
    static let defaultRate = 1
    static let burst = 5
    static let maximumInFlight = 32

    enum Admission: Equatable {
        case admitted
        case limited(retryAfter: Duration, reason: String)
    }

    private let perAddress: Mutex<RateLimiter<String>>
    private let inFlight = Mutex(0)

    init(rate: Int, clock: any BatonClock) {
        perAddress = Mutex(RateLimiter(rate: rate, burst: max(Self.burst, 2 * rate), clock: clock))
    }

    /// Counts one check from `address` (nil when unknown: such checks share one allowance);
    /// an admitted check must be followed by `finished(from:verified:)`.
    func admit(from address: String?) -> Admission {
        if case .limited(let retryAfter) = perAddress.withLock({ $0.admit(address ?? "") }) {
            return .limited(retryAfter: retryAfter,
                            reason: "too many wrong credentials from this address; wait before trying again")
        }
        let admitted = inFlight.withLock { count in
            guard count < Self.maximumInFlight else { return false }
            count += 1
            return true
        }
        guard admitted else {
            // Not checked, so not a wrong secret: the address keeps its allowance.
            perAddress.withLock { $0.refund(address ?? "") }
            return .limited(retryAfter: .seconds(1), reason: "too many credential checks are under way; try again in a moment")
        }
        return .admitted
    }

    /// Ends an admitted check; a right secret gives back the allowance it took.
    func finished(from address: String?, verified: Bool) {
        inFlight.withLock { $0 -= 1 }
        if verified { perAddress.withLock { $0.refund(address ?? "") } }
    }
}
