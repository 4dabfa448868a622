import BatonCore
import BatonTestSupport
import Foundation
import Testing

/// Coordinator restarts: an engine rebuilt with `Engine(clock:restoring:)` from only what
/// was drained before the crash.
@Suite("Restart grace")
struct RestartGraceTests {
    /// p Primary (epoch 1) and d Secondary, both at score 50 from 0 s; the coordinator
    /// crashes at 2 s (`restart`) and restarts at once.
    private func crashWithPrimary(members: [MemberID] = ["p", "d"], keepingSoftState: Bool = true) throws -> Harness {
        let h = try Harness(members: members)
        #expect(try h.role("p") == .primary)
        #expect(try h.role("d") == .secondary)
        h.at(.seconds(2))
        h.crashAndRestart(keepingSoftState: keepingSoftState)
        _ = h.newEvents()
        return h
    }

    private let restart = Duration.seconds(2)

    @Test("after a restart the Primary keeps its role for one FailoverTimeout without heartbeating")
    func primaryKeepsRoleThroughGrace() throws {
        let h = try crashWithPrimary()
        var status = try h.status()
        #expect(status.primary == "p")
        #expect(status.epoch == 1)
        for offset in [Duration.seconds(3), .seconds(7), .seconds(11)] {
            h.at(offset)
            h.tick()
            let answer = try h.beat("d", score: 100)
            #expect(answer.role == .secondary, "nobody is promoted, or made pending, before grace ends")
            #expect(answer.epoch == 1)
        }
        h.at(restart + defaultTimeout - .oneNanosecond)
        h.tick()
        status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == nil)
        #expect(h.newRoleEvents().isEmpty)

        h.at(restart + defaultTimeout)
        h.tick()
        #expect(h.newRoleEvents() == ["PrimaryChanged p→d e2 lease-expired"])
        #expect(try h.role("d", score: 100) == .primary)
    }

    @Test("a Primary that heartbeats within grace keeps its role with the same epoch")
    func primaryHeartbeatingWithinGraceChangesNothing() throws {
        let h = try crashWithPrimary()
        var offset = restart + .seconds(1)
        while offset <= restart + defaultTimeout * 4 {
            h.at(offset)
            h.tick()
            let answer = try h.beat("p")
            #expect(answer.role == .primary)
            #expect(answer.epoch == 1)
            #expect(try h.role("d") == .secondary)
            offset += .seconds(4)
        }
        #expect(h.newRoleEvents().isEmpty)
    }

    @Test("when the Primary stays silent, only a member that heartbeated after the start is promoted at grace end")
    func onlyFreshHeartbeatsWinAfterGrace() throws {
        let h = try Harness(members: ["p", "e", "d"])
        try h.beat("p", score: 50)
        try h.beat("e", score: 100)  // better, but silent after the crash
        try h.beat("d", score: 10)
        h.at(restart)
        h.crashAndRestart(keepingSoftState: true)
        _ = h.newEvents()
        h.at(restart + .seconds(1))
        try h.beat("d", score: 10)
        h.at(restart + .seconds(6))
        try h.beat("d", score: 10)
        h.at(restart + defaultTimeout)
        h.tick()
        #expect(h.newRoleMoves() == ["PrimaryChanged p→d e2"])
        #expect(try h.view("e").role == .secondary)
    }

    @Test("when nobody heartbeats after the start, grace ends with no Primary: grace never promotes anyone")
    func graceNeverPromotes() throws {
        let h = try crashWithPrimary(members: ["p", "d", "e"])
        h.at(restart + defaultTimeout)
        h.tick()
        #expect(h.newRoleMoves() == ["PrimaryChanged p→- e1"])
        let status = try h.status()
        #expect(status.primary == nil)
        #expect(status.epoch == 1)
    }

    @Test("the epoch after a restart is never lower than before the crash, even when soft state was lost")
    func epochSurvivesRestart() throws {
        let h = try Harness(members: ["a", "b"])
        try h.beat("a")  // epoch 1
        try h.override(.primary, on: "b")
        try h.beat("a")  // demotion notice: b Primary, epoch 2
        try h.override(.primary, on: "a")  // b holds no lease: a Primary at once, epoch 3
        #expect(try h.status().epoch == 3)
        h.at(.seconds(1))
        h.crashAndRestart(keepingSoftState: false)
        #expect(try h.status().epoch == 3)
        #expect(try h.status().primary == "a")
        try h.override(.primary, on: "b")
        let answer = try h.beat("a")
        #expect(answer.role == .secondary)
        #expect(answer.epoch == 4)
    }

    @Test("two restarts in a row do not lower the epoch or drop the Primary")
    func repeatedRestarts() throws {
        let h = try crashWithPrimary()
        h.at(restart + .seconds(1))
        h.crashAndRestart(keepingSoftState: false)
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.epoch == 1)
        #expect(try h.role("p") == .primary)
    }

    @Test("an override survives a restart with its remaining time")
    func overrideSurvivesWithRemainingTime() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p", score: 50)
        let drain = try h.override(.secondary, on: "d", for: .seconds(30))
        h.at(.seconds(10))
        h.crashAndRestart(keepingSoftState: true)
        let view = try h.view("d")
        #expect(view.roleOverride == .secondary)
        #expect(view.roleOverrideExpirationTime == drain.expirationTime)
        _ = h.newEvents()
        for offset in stride(from: 11, through: 26, by: 5) {
            h.at(.seconds(Int64(offset)))
            h.tick()
            try h.beat("p", score: 50)
            #expect(try h.role("d", score: 100) == .secondary)
        }
        // Wall-clock expiry: allow a millisecond for its conversion back to the monotonic clock.
        h.at(.seconds(30) - .milliseconds(1))
        h.tick()
        #expect(h.newEvents().isEmpty)
        h.at(.seconds(30) + .milliseconds(1))
        h.tick()
        #expect(h.newEvents() == ["RoleOverrideExpired -→d e1 override"])
        #expect(try h.view("d").roleOverride == .off)
    }

    @Test("an override that expired while the coordinator was down is expired at the restart")
    func overrideExpiredDuringDowntime() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        try h.override(.secondary, on: "d", for: .seconds(5))
        h.at(.seconds(8))  // down from before 5 s until 8 s
        h.crashAndRestart(keepingSoftState: false)
        #expect(h.newEvents().contains("RoleOverrideExpired -→d e1 override"))
        #expect(try h.view("d").roleOverride == .off)
    }

    @Test("a Primary override on a silent member survives a restart and keeps it Primary past grace")
    func primaryOverrideSurvivesRestart() throws {
        let h = try Harness(members: ["s", "d"])
        try h.override(.primary, on: "s")
        h.at(.seconds(1))
        try h.beat("d")
        #expect(try h.status().primary == "s")
        h.at(.seconds(2))
        h.crashAndRestart(keepingSoftState: true)
        for offset in stride(from: 3, through: 40, by: 4) {
            h.at(.seconds(Int64(offset)))
            h.tick()
            #expect(try h.role("d") == .secondary)
        }
        #expect(try h.status().primary == "s")
        #expect(try h.status().epoch == 1)
    }

    @Test("a pending handover survives a restart and completes on the Primary's next heartbeat")
    func pendingHandoverSurvivesRestart() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        try h.beat("d")
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        h.at(.seconds(2))
        h.crashAndRestart(keepingSoftState: true)
        var status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == "d")
        #expect(try h.role("d") == .pendingPrimary)
        let demotion = try h.beat("p")
        #expect(demotion.role == .secondary)
        #expect(demotion.epoch == 2)
        status = try h.status()
        #expect(status.primary == "d")
        #expect(status.epoch == 2)
    }

    @Test("the fence of a Primary removed while live survives a restart")
    func removalFenceSurvivesRestart() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")  // lease to 10 s
        try h.beat("d")
        h.at(.seconds(3))
        try h.remove("p")
        h.at(.seconds(4))
        h.crashAndRestart(keepingSoftState: false)
        h.at(.seconds(5))
        #expect(try h.role("d") == .pendingPrimary)
        h.at(defaultTimeout - .oneNanosecond)
        h.tick()
        #expect(try h.role("d") == .pendingPrimary, "p may act as Primary until 10 s")
        h.at(.seconds(4) + defaultTimeout)
        h.tick()
        let status = try h.status()
        #expect(status.primary == "d", "the fence lasts no longer than one timeout after the restart")
        #expect(status.epoch == 2)
    }

    @Test("a restart after FailoverTimeout was shortened still honours the Primary's lease granted under the longer one")
    func restartAfterShortenedTimeoutHonoursGrantedLease() throws {
        let h = try Harness(timeout: .seconds(60), members: ["p", "d"])
        #expect(try h.role("p") == .primary)  // lease granted to 60 s
        h.at(.seconds(1))
        try h.engine.putGroup(h.group, GroupConfiguration(id: h.group.id, failoverTimeout: .seconds(1)))
        h.persist()
        h.at(.seconds(2))
        h.crashAndRestart(keepingSoftState: true)
        var firstPrimaryAnswer: Duration?
        var offset = Duration.milliseconds(2_500)
        while offset < .seconds(60), firstPrimaryAnswer == nil {
            h.at(offset)
            h.tick()
            if try h.role("d") == .primary { firstPrimaryAnswer = offset }
            offset += .milliseconds(500)
        }
        #expect(firstPrimaryAnswer == nil, "d was told Primary while p's 60 s lease (granted at 0 s) still ran")
    }
}
