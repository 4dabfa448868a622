import Foundation

/// A point on the coordinator's monotonic clock, in nanoseconds from an arbitrary origin.
///
/// Liveness is judged only on this clock: wall-clock jumps (NTP, an operator's `date -s`)
/// must never make a lease expire early or late.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }

    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        .nanoseconds(lhs.nanoseconds &- rhs.nanoseconds)
    }

    public var description: String { "\(nanoseconds)ns" }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating far beyond any time span Baton accepts).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000
    }

    /// The duration as a `TimeInterval` for wall-clock arithmetic.
    public var timeInterval: TimeInterval {
        Double(nanoseconds) / 1_000_000_000
    }
}

/// One reading of both clocks: the monotonic instant rules liveness, the wall time is what
/// people and the wire see (event times, `HeartbeatTime`, override expiry).
public struct Moment: Sendable, Equatable {
    public var instant: Instant
    public var wall: Date

    public init(instant: Instant, wall: Date) {
        self.instant = instant
        self.wall = wall
    }
}
