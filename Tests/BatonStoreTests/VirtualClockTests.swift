import BatonCore
@testable import BatonStore
import BatonTestSupport
import Foundation
import Synchronization
import Testing

/// Steps of the database clock do not reach the time leases are judged by.
struct VirtualClockTests {
    @Test func anOffsetIsWorkedOffAtOnePercentWithoutAJump() {
        let anchor = VirtualClock.Anchor(generation: 1, database: 1_000_000_000_000, virtual: 995_000_000_000)
        #expect(VirtualClock.virtual(at: 1_000_000_000_000, anchor: anchor) == 995_000_000_000)
        #expect(VirtualClock.virtual(at: 999_000_000_000, anchor: anchor) == 995_000_000_000)
        // 100 s later, 1 s of the 5 s offset is worked off; after 500 s all of it.
        #expect(VirtualClock.virtual(at: 1_100_000_000_000, anchor: anchor) == 1_096_000_000_000)
        #expect(VirtualClock.virtual(at: 1_600_000_000_000, anchor: anchor) == 1_600_000_000_000)
        var previous = Int64.min
        for second in stride(from: Int64(0), through: 700, by: 7) {
            let value = VirtualClock.virtual(at: 1_000_000_000_000 + second * 1_000_000_000, anchor: anchor)
            #expect(value > previous)
            previous = value
        }
        let ahead = VirtualClock.Anchor(generation: 1, database: 1_000_000_000_000, virtual: 1_002_000_000_000)
        #expect(VirtualClock.virtual(at: 1_100_000_000_000, anchor: ahead) == 1_101_000_000_000)
        #expect(VirtualClock.virtual(at: 5, anchor: VirtualClock.Anchor(generation: 0, database: nil, virtual: nil)) == 5)
    }

    @Test func aReadingBeyondWhatTheMonotonicClockAllowsIsCorrectedToTheLeastElapsedTime() {
        let start = ContinuousClock.now
        let previous = VirtualClock.Observation(sent: start, received: start + .milliseconds(2), virtual: 1_000_000_000)
        let sent = start + .milliseconds(502)
        let received = start + .milliseconds(504)
        // Within the band: 500 ± the round trips, the slew and the tolerance.
        #expect(VirtualClock.correction(after: previous, sent: sent, received: received, virtual: 1_500_000_000) == nil)
        #expect(VirtualClock.correction(after: previous, sent: sent, received: received, virtual: 1_520_000_000) == nil)
        // A step of a second either way: virtual time goes on from the least elapsed time.
        #expect(VirtualClock.correction(after: previous, sent: sent, received: received, virtual: 2_500_000_000) == 1_500_000_000)
        #expect(VirtualClock.correction(after: previous, sent: sent, received: received, virtual: 500_000_000) == 1_500_000_000)
    }
}

/// The virtual clock on a real server: two instances (two stores), the database clock stepped
/// under both.
@Suite(.needsPostgres)
struct VirtualClockOnPostgresTests {
    /// One reading with the real time around it.
    struct Sample {
        let store: Int
        let before: ContinuousClock.Instant
        let after: ContinuousClock.Instant
        let virtual: Instant
    }

    /// Readings by both instances, alternating every 20 ms, with the database clock stepped by
    /// `step` (for both) halfway.
    static func readings(step: Duration, on stores: [PostgresStore]) async throws -> [Sample] {
        var samples: [Sample] = []
        for round in 0..<60 {
            if round == 30 { for store in stores { store.clock.injectedStep.withLock { $0 = $0 + step } } }
            let index = round % stores.count
            let before = ContinuousClock.now
            let reading = try await stores[index].transaction { try await $0.now(clockSkew: .zero) }
            samples.append(Sample(store: index, before: before, after: .now, virtual: reading.now))
            try await Task.sleep(for: .milliseconds(20))
        }
        return samples
    }

    /// The bound docs/deploy.md states, for readings a few milliseconds long on loopback.
    static let bound: Duration = VirtualClock.tolerance + .milliseconds(15)

    @Test(arguments: [Duration.seconds(5), .milliseconds(800), .milliseconds(-800), .seconds(-5)])
    func aStepOfTheDatabaseClockMovesNoInstancesTimeByMoreThanTheBound(step: Duration) async throws {
        try await TestPostgres.withFreshDatabase { url in
            let first = try await PostgresStore.open(url: url, logger: TestPostgres.logger)
            let second = try await PostgresStore.open(url: url, logger: TestPostgres.logger)
            let samples = try await Self.readings(step: step, on: [first, second])
            // Between any two readings, by either instance, virtual time advanced by no more
            // than the real time that can have passed plus the bound (no lease is shortened by
            // more), and by no less than the real time that surely passed minus the bound (it
            // never stalls or goes back).
            for (i, earlier) in samples.enumerated() {
                for later in samples[(i + 1)...] {
                    let advanced = later.virtual - earlier.virtual
                    let most = earlier.before.duration(to: later.after)
                    let least = earlier.after.duration(to: later.before)
                    #expect(advanced <= most + most * 0.011 + Self.bound, "step \(step): \(advanced) in at most \(most)")
                    #expect(advanced >= least - least * 0.011 - Self.bound, "step \(step): \(advanced) in at least \(least)")
                }
            }
            // Both instances read the same time: back to back they agree within a round trip.
            async let one = first.transaction { try await $0.now(clockSkew: .zero) }
            async let two = second.transaction { try await $0.now(clockSkew: .zero) }
            let (a, b) = try await (one, two)
            #expect(abs((a.now - b.now).nanoseconds) < Self.bound.nanoseconds, "\(a.now) and \(b.now)")
            await first.shutdown()
            await second.shutdown()
        }
    }
}
