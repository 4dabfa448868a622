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

    /// Saturating: an instant past the end of the clock is its last one, never a wrapped,
    /// negative one (which a store would read as long past, and act on at once).
    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        let nanoseconds = rhs.nanoseconds
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(nanoseconds)
        return Instant(nanoseconds: overflow ? (nanoseconds < 0 ? .min : .max) : sum)
    }

    /// Saturating, like `+`.
    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        let (difference, overflow) = lhs.nanoseconds.subtractingReportingOverflow(rhs.nanoseconds)
        return .nanoseconds(overflow ? (rhs.nanoseconds < 0 ? .max : .min) : difference)
    }

    public var description: String { "\(nanoseconds)ns" }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating far beyond any time span Baton accepts).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let fraction = attoseconds / 1_000_000_000
        let (sum, fractionOverflow) = scaled.addingReportingOverflow(fraction)
        if fractionOverflow { return fraction < 0 ? .min : .max }
        return sum
    }

    /// A wall-clock interval as a duration in whole nanoseconds, saturating at `Int64`'s
    /// range (about 292 years either way) instead of trapping; NaN is zero.
    public static func nanoseconds(saturating interval: TimeInterval) -> Duration {
        let nanoseconds = interval * 1_000_000_000
        if nanoseconds.isNaN { return .zero }
        // 2^63 is exactly representable; every Double from -2^63 up to below it converts.
        guard nanoseconds < 9_223_372_036_854_775_808.0 else { return .nanoseconds(Int64.max) }
        guard nanoseconds >= -9_223_372_036_854_775_808.0 else { return .nanoseconds(Int64.min) }
        return .nanoseconds(Int64(nanoseconds))
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
