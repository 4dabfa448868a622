import BatonCore

// Time helpers for tests that drive a `TestClock` (BatonCore's clock that moves only when
// told to; it stays there because the fuzz harnesses drive the engine with it too).

extension Duration {
    /// The smallest step a `TestClock` can take: one past a deadline.
    public static let oneNanosecond: Duration = .nanoseconds(1)
}

extension Instant {
    /// An instant `rhs` earlier (not saturating: tests stay far from the clock's ends).
    public static func - (lhs: Instant, rhs: Duration) -> Instant { Instant(nanoseconds: lhs.nanoseconds - rhs.nanoseconds) }
}
