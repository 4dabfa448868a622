/// A token-bucket rate limiter keyed by anything hashable: a session, a principal, an address.
///
/// Each key has a bucket of `capacity` tokens (by default twice the rate, so a client may
/// burst to two seconds' worth) that refills at `rate` tokens per second on the monotonic
/// clock; a request takes one token, or is refused with the exact time until one is there.
/// A rate of 0 means no limit.
///
/// Arithmetic is in integers so answers are exact and reproducible: a token is
/// `1_000_000_000` units and a bucket gains `rate` units per nanosecond.
///
/// Memory is bounded: a key that has no bucket behaves exactly like a key with a full one,
/// so buckets that have refilled are dropped by a sweep that runs at most once per refill
/// period (`capacity / rate`) and whenever the number of buckets has doubled since the last
/// sweep, which keeps the cost amortised O(1) per call. Between sweeps, at most the keys seen
/// in the last two refill periods are held.
///
/// Not thread-safe by itself (a value type); the server keeps it behind a mutex. No I/O.
public struct RateLimiter<Key: Hashable>: Sendable where Key: Sendable {
    public enum Admission: Equatable, Sendable {
        case admitted
        /// Refused; one token will be available after `retryAfter`.
        case limited(retryAfter: Duration)
    }

    /// Tokens per second; 0 = unlimited.
    public let rate: Int
    /// The most tokens a bucket holds: the largest burst.
    public let capacity: Int
    private let clock: any BatonClock
    /// Nanoseconds for an empty bucket to fill up (0 when unlimited).
    private let fillNanoseconds: Int64

    private static var unitsPerToken: Int64 { 1_000_000_000 }

    private struct Bucket {
        /// Tokens × `unitsPerToken` at `updated`.
        var units: Int64
        var updated: Instant
    }

    private var buckets: [Key: Bucket] = [:]
    private var lastSweep: Instant?
    private var sweepAtCount: Int

    /// The fewest buckets that trigger a sweep by count.
    private static var minimumSweepCount: Int { 64 }

    /// - Parameters:
    ///   - rate: tokens per second, 0 = no limit; negative values are treated as 0.
    ///   - burst: bucket capacity; defaults to `2 × rate` (at least 1).
    ///   - clock: the monotonic clock `admit(_:)` reads.
    public init(rate: Int, burst: Int? = nil, clock: any BatonClock) {
        let rate = max(0, rate)
        let (doubled, overflow) = rate.multipliedReportingOverflow(by: 2)
        self.rate = rate
        // Capped so `capacity × unitsPerToken` fits in Int64.
        self.capacity = min(max(1, burst ?? (overflow ? .max : doubled)), 1_000_000_000)
        self.clock = clock
        self.fillNanoseconds = rate == 0 ? 0 : Self.divideRoundingUp(Int64(capacity) * Self.unitsPerToken, by: Int64(rate))
        self.sweepAtCount = Self.minimumSweepCount
    }

    /// How long an empty bucket takes to fill up again: after that, forgetting it changes nothing.
    public var refillPeriod: Duration {
        .nanoseconds(fillNanoseconds)
    }

    /// How many keys currently have a bucket (for tests and metrics).
    public var trackedKeys: Int { buckets.count }

    /// Admits or refuses one request for `key` now, by the injected clock.
    public mutating func admit(_ key: Key) -> Admission {
        admit(key, at: clock.now().instant)
    }

    /// Admits or refuses one request for `key` at `now` (a monotonic instant).
    public mutating func admit(_ key: Key, at now: Instant) -> Admission {
        guard rate > 0 else { return .admitted }
        sweepIfDue(at: now)

        let full = Int64(capacity) * Self.unitsPerToken
        let previous = buckets[key]
        let units = previous.map { refilled($0, at: now, full: full) } ?? full
        let updated = max(now, previous?.updated ?? now)
        guard units >= Self.unitsPerToken else {
            // Keep the refilled state (exact: integers), so the next check starts from here.
            buckets[key] = Bucket(units: units, updated: updated)
            return .limited(retryAfter: .nanoseconds(Self.divideRoundingUp(Self.unitsPerToken - units, by: Int64(rate))))
        }
        buckets[key] = Bucket(units: units - Self.unitsPerToken, updated: updated)
        return .admitted
    }

    /// Gives back the token an admitted request took, when it turned out not to count (a
    /// secret that was right, for the limit on wrong ones); a bucket never holds more than
    /// `capacity`.
    public mutating func refund(_ key: Key) {
        guard rate > 0, var bucket = buckets[key] else { return }
        bucket.units = min(Int64(capacity) * Self.unitsPerToken, bucket.units + Self.unitsPerToken)
        buckets[key] = bucket
    }

    /// The bucket's units at `now`, never above `full`. A clock reading earlier than the last
    /// update (impossible on a monotonic clock, but cheap to tolerate) refills nothing.
    private func refilled(_ bucket: Bucket, at now: Instant, full: Int64) -> Int64 {
        let elapsed = (now - bucket.updated).nanoseconds
        guard elapsed > 0 else { return bucket.units }
        // Beyond the time to fill from empty the bucket is full: cap before multiplying so
        // `elapsed × rate` cannot overflow.
        if elapsed >= fillNanoseconds { return full }
        return min(full, bucket.units + elapsed * Int64(rate))
    }

    private static func divideRoundingUp(_ dividend: Int64, by divisor: Int64) -> Int64 {
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        return remainder > 0 ? quotient + 1 : quotient
    }

    private mutating func sweepIfDue(at now: Instant) {
        guard let lastSweep else {
            self.lastSweep = now
            return
        }
        let periodPassed = !buckets.isEmpty && (now - lastSweep).nanoseconds >= fillNanoseconds
        guard periodPassed || buckets.count >= sweepAtCount else { return }
        sweep(at: now)
    }

    /// Drops every bucket that is full at `now`.
    private mutating func sweep(at now: Instant) {
        let full = Int64(capacity) * Self.unitsPerToken
        buckets = buckets.filter { _, bucket in refilled(bucket, at: now, full: full) < full }
        lastSweep = now
        sweepAtCount = max(Self.minimumSweepCount, buckets.count * 2)
    }
}
