/// A point on a `MonotonicClock`: the time since the clock's fixed origin.
public struct MonotonicInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var sinceOrigin: Duration

    public init(sinceOrigin: Duration) {
        self.sinceOrigin = sinceOrigin
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.sinceOrigin < rhs.sinceOrigin
    }

    public static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        MonotonicInstant(sinceOrigin: lhs.sinceOrigin + rhs)
    }

    public static func - (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        MonotonicInstant(sinceOrigin: lhs.sinceOrigin - rhs)
    }

    public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        lhs.sinceOrigin - rhs.sinceOrigin
    }

    public var description: String { "\(sinceOrigin)" }
}

/// Where a `HeartbeatAgent` measures its lease: a clock that never goes backwards and is not
/// moved by the wall clock (NTP, `date -s`). Injected so tests can move time by hand; the
/// production one is `ContinuousMonotonicClock`.
public protocol MonotonicClock: Sendable {
    var now: MonotonicInstant { get }

    /// Returns once `now` has reached `deadline` (at once when it already has); throws
    /// `CancellationError` when the task is cancelled first.
    func sleep(until deadline: MonotonicInstant) async throws
}

/// The production clock: `ContinuousClock` (it keeps counting while the machine sleeps, so a
/// lease never outlives a suspended laptop), from the moment the clock was made.
public struct ContinuousMonotonicClock: MonotonicClock {
    private let origin: ContinuousClock.Instant

    public init() {
        origin = ContinuousClock.now
    }

    public var now: MonotonicInstant {
        MonotonicInstant(sinceOrigin: origin.duration(to: ContinuousClock.now))
    }

    public func sleep(until deadline: MonotonicInstant) async throws {
        try await ContinuousClock().sleep(until: origin + deadline.sinceOrigin, tolerance: nil)
    }
}
