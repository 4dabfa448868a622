import BatonCore
import BatonTestSupport
import Testing

/// The engine's one timer: `nextDeadline` and `processDueDeadlines()`.
@Suite("Deadlines")
struct DeadlineTests {
    @Test("an engine with nothing timed has no next deadline")
    func noDeadlineWhenIdle() throws {
        let h = try Harness(members: ["a", "b"])
        #expect(h.engine.nextDeadline == nil)
        #expect(Engine(clock: TestClock()).nextDeadline == nil)
    }

    @Test("the next deadline is the Primary's lease expiry")
    func nextDeadlineIsPrimaryLease() throws {
        let h = try Harness(members: ["p"])
        try h.beat("p")
        #expect(h.engine.nextDeadline == h.start + defaultTimeout)
    }

    @Test("an override expiring before the lease moves the next deadline earlier")
    func overrideMovesDeadlineEarlier() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        h.at(.seconds(1))
        try h.override(.secondary, on: "d", for: .seconds(2))
        #expect(h.engine.nextDeadline == h.start + .seconds(3))
    }

    @Test("a challenger's hysteresis end is a deadline")
    func hysteresisEndIsDeadline() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p", score: 50)
        h.at(.seconds(3))
        try h.beat("d", score: 80)  // better from 3 s: due at 13 s
        h.at(.seconds(5))
        try h.beat("p", score: 50)  // lease to 15 s
        h.at(defaultTimeout)  // the entry for p's first lease fires early and is re-queued
        h.tick()
        #expect(h.engine.nextDeadline == h.start + .seconds(13))
    }

    @Test("failover happens in processDueDeadlines exactly at the Primary's lease expiry, not later")
    func failoverAtExactExpiry() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        h.at(.seconds(5))
        try h.beat("d")
        _ = h.newRoleEvents()
        let expiry = h.start + defaultTimeout
        #expect(h.engine.nextDeadline == expiry)

        h.at(defaultTimeout - .oneNanosecond)
        h.tick()
        #expect(h.newRoleEvents().isEmpty)
        h.at(defaultTimeout)
        #expect(h.engine.nextDeadline! <= h.now, "the expiry is due now")
        h.tick()
        #expect(h.newRoleEvents() == ["PrimaryChanged p→d e2 lease-expired"])
    }

    @Test("a renewed lease does not cause a promotion when the superseded deadline fires")
    func renewedLeaseSurvivesStaleEntry() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")  // queued at 10 s
        try h.beat("d")
        h.at(.seconds(5))
        try h.beat("p")  // lease to 15 s
        try h.beat("d")
        #expect(h.engine.nextDeadline! <= h.start + .seconds(15), "never later than the real expiry")
        _ = h.newRoleEvents()

        h.at(defaultTimeout)
        h.tick()
        #expect(h.newRoleEvents().isEmpty)
        #expect(h.engine.nextDeadline == h.start + .seconds(15), "re-queued under the renewed expiry")
        h.at(.seconds(12))
        try h.beat("d")
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.epoch == 1)

        h.at(.seconds(15))
        h.tick()
        #expect(h.newRoleEvents() == ["PrimaryChanged p→d e2 lease-expired"])
    }

    @Test("after processing, no deadline that is already due remains")
    func nothingDueAfterProcessing() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        try h.beat("d", score: 80)
        try h.override(.secondary, on: "d", for: .seconds(3))
        h.at(.seconds(4))
        try h.beat("p")
        h.at(.seconds(30))
        h.tick()
        if let next = h.engine.nextDeadline {
            #expect(next > h.now)
        }
    }

    @Test("once the Primary's lease expired with nobody left to take over, nothing more is due")
    func noDeadlineAfterLastLease() throws {
        let h = try Harness(members: ["p"])
        try h.beat("p")
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().primary == nil)
        #expect(h.engine.nextDeadline == nil)
    }

    @Test("after a restart the next deadline is the end of grace")
    func restartDeadlineIsGraceEnd() throws {
        let h = try Harness(members: ["p"])
        try h.beat("p")
        h.at(.seconds(4))
        h.crashAndRestart()
        #expect(h.engine.nextDeadline == h.start + .seconds(4) + defaultTimeout)
    }
}
