import BatonCore
import Testing

/// The token bucket behind the heartbeat and request limits.
@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("a fresh key may burst to twice the rate, then is refused")
    func burstIsTwiceTheRate() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 5, clock: clock)
        #expect(limiter.capacity == 10)
        for attempt in 1...10 {
            #expect(limiter.admit("a") == .admitted, "attempt \(attempt)")
        }
        #expect(limiter.admit("a") == .limited(retryAfter: .milliseconds(200)))
    }

    @Test("retryAfter is exactly the time until one token is back, and waiting that long is enough")
    func exactRetryAfter() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 3, clock: clock)
        for _ in 1...6 { _ = limiter.admit("a") }
        // One token takes 1/3 s = 333_333_333.3… ns: rounded up, never down.
        #expect(limiter.admit("a") == .limited(retryAfter: .nanoseconds(333_333_334)))

        clock.advance(by: .nanoseconds(333_333_333))
        #expect(limiter.admit("a") == .limited(retryAfter: .nanoseconds(1)), "one nanosecond short")
        clock.advance(by: .nanoseconds(1))
        #expect(limiter.admit("a") == .admitted)
        // The token is spent: the next one is a full interval away again (minus the 2/3 ns
        // carried over from the exact arithmetic, rounded up).
        #expect(limiter.admit("a") == .limited(retryAfter: .nanoseconds(333_333_333)))
    }

    @Test("refused requests do not consume tokens")
    func refusalIsFree() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 1, clock: clock)
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") == .admitted)
        for _ in 1...100 {
            #expect(limiter.admit("a") == .limited(retryAfter: .seconds(1)))
        }
        clock.advance(by: .seconds(1))
        #expect(limiter.admit("a") == .admitted)
    }

    @Test("the bucket refills at the rate and never beyond its capacity")
    func refill() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 10, clock: clock)
        for _ in 1...20 { #expect(limiter.admit("a") == .admitted) }
        #expect(limiter.admit("a") != .admitted)

        clock.advance(by: .milliseconds(500))  // five tokens back
        for _ in 1...5 { #expect(limiter.admit("a") == .admitted) }
        #expect(limiter.admit("a") == .limited(retryAfter: .milliseconds(100)))

        clock.advance(by: .seconds(60))  // would be 600 tokens, but the bucket holds 20
        for _ in 1...20 { #expect(limiter.admit("a") == .admitted) }
        #expect(limiter.admit("a") == .limited(retryAfter: .milliseconds(100)))
    }

    @Test("a steady client at the rate is never refused")
    func steadyClientAtTheRate() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 4, clock: clock)
        for step in 0..<1_000 {
            #expect(limiter.admit("a") == .admitted, "step \(step)")
            clock.advance(by: .milliseconds(250))
        }
    }

    @Test("keys have independent buckets")
    func independentKeys() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 1, clock: clock)
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") == .limited(retryAfter: .seconds(1)))
        #expect(limiter.admit("b") == .admitted)
        #expect(limiter.admit("b") == .admitted)
        #expect(limiter.admit("b") == .limited(retryAfter: .seconds(1)))
        clock.advance(by: .milliseconds(500))
        #expect(limiter.admit("c") == .admitted)
        #expect(limiter.admit("a") == .limited(retryAfter: .milliseconds(500)))
    }

    @Test("an explicit burst overrides twice the rate")
    func explicitBurst() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 2, burst: 1, clock: clock)
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") == .limited(retryAfter: .milliseconds(500)))
    }

    @Test("rate 0 means no limit, and keeps no state")
    func rateZeroIsUnlimited() {
        let clock = TestClock()
        var limiter = RateLimiter<Int>(rate: 0, clock: clock)
        for key in 0..<10_000 {
            #expect(limiter.admit(key % 3) == .admitted)
        }
        #expect(limiter.trackedKeys == 0)
    }

    @Test("the explicit-instant form ignores the clock")
    func explicitInstant() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 1, clock: clock)
        let start = clock.now().instant
        #expect(limiter.admit("a", at: start) == .admitted)
        #expect(limiter.admit("a", at: start) == .admitted)
        #expect(limiter.admit("a", at: start + .milliseconds(250)) == .limited(retryAfter: .milliseconds(750)))
        #expect(limiter.admit("a", at: start + .seconds(1)) == .admitted)
    }

    @Test("buckets that have refilled are forgotten: memory stays bounded by recent keys")
    func evictionBound() {
        let clock = TestClock()
        var limiter = RateLimiter<Int>(rate: 10, clock: clock)
        #expect(limiter.refillPeriod == .seconds(2))

        // 10,000 one-off keys within one refill period: held, as they may come back.
        for key in 0..<10_000 { _ = limiter.admit(key) }
        #expect(limiter.trackedKeys == 10_000)

        // Once a refill period has passed they are all full again: the next call sweeps.
        clock.advance(by: .seconds(2))
        #expect(limiter.admit(-1) == .admitted)
        #expect(limiter.trackedKeys == 1)

        // A stream of ever-new keys, one every 10 ms for 100 s, never piles up: a key that
        // spent one token is full again 100 ms later and goes at the next sweep, so what is
        // held stays far below a refill period's worth of keys (200), whatever the total.
        var peak = 0
        for key in 0..<10_000 {
            clock.advance(by: .milliseconds(10))
            #expect(limiter.admit(100_000 + key) == .admitted)
            peak = max(peak, limiter.trackedKeys)
        }
        #expect(peak <= 200, "peak \(peak)")
        clock.advance(by: .seconds(2))
        _ = limiter.admit(-2)
        #expect(limiter.trackedKeys == 1)
    }

    @Test("a forgotten key behaves exactly like a remembered full one")
    func evictionIsInvisible() {
        let clock = TestClock()
        var limiter = RateLimiter<Int>(rate: 1, clock: clock)
        #expect(limiter.admit(0) == .admitted)
        #expect(limiter.admit(0) == .admitted)
        // Many other keys force a sweep by count while key 0 is still draining: it is kept.
        for key in 1...200 { _ = limiter.admit(key) }
        #expect(limiter.admit(0) == .limited(retryAfter: .seconds(1)))
        clock.advance(by: .seconds(2))
        _ = limiter.admit(-1)
        #expect(limiter.trackedKeys == 1)
        #expect(limiter.admit(0) == .admitted)
        #expect(limiter.admit(0) == .admitted)
        #expect(limiter.admit(0) == .limited(retryAfter: .seconds(1)))
    }

    @Test("when every key stays active, sweeps are amortised: the count threshold doubles")
    func sweepsDoNotDropActiveKeys() {
        let clock = TestClock()
        var limiter = RateLimiter<Int>(rate: 1, clock: clock)
        for key in 0..<1_000 { _ = limiter.admit(key) }
        // No key has refilled (no time passed): all are kept, each still at one token.
        #expect(limiter.trackedKeys == 1_000)
        for key in 0..<1_000 { #expect(limiter.admit(key) == .admitted) }
        for key in 0..<1_000 { #expect(limiter.admit(key) == .limited(retryAfter: .seconds(1))) }
    }

    @Test("a refund gives one token back, never more than the bucket holds")
    func refund() {
        let clock = TestClock()
        var limiter = RateLimiter<String>(rate: 1, burst: 2, clock: clock)
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") != .admitted)
        limiter.refund("a")
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") != .admitted)
        // Refunds past a full bucket are lost: still two at most.
        for _ in 1...5 { limiter.refund("a") }
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") == .admitted)
        #expect(limiter.admit("a") != .admitted)
        // A key never seen has a full bucket already.
        limiter.refund("b")
        #expect(limiter.admit("b") == .admitted)
        #expect(limiter.admit("b") == .admitted)
        #expect(limiter.admit("b") != .admitted)
    }
}
