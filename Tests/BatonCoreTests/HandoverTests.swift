import BatonCore
import BatonTestSupport
import Testing

/// Moving the role from a live Primary P to a desired D without overlap.
@Suite("Handover without overlap")
struct HandoverTests {
    /// p Primary (score 50) and d Secondary (score 50), both heartbeating at 0 s.
    private func primaryAndSecondary() throws -> Harness {
        let h = try Harness(members: ["p", "d"])
        #expect(try h.role("p") == .primary)
        #expect(try h.role("d") == .secondary)
        _ = h.newRoleEvents()
        return h
    }

    /// p Primary at 50 heartbeating at 0, 5 and 9 s; d at 80 heartbeating at 0 and 5 s, so
    /// that at 10 s d has been better for a whole timeout and becomes PendingPrimary, with
    /// its lease ending at 15 s, before p's (19 s).
    private func scorePreemptionPending() throws -> Harness {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p", score: 50)
        try h.beat("d", score: 80)
        h.at(.seconds(5))
        try h.beat("p", score: 50)
        try h.beat("d", score: 80)
        h.at(.seconds(9))
        try h.beat("p", score: 50)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().pendingPrimary == "d")
        _ = h.newRoleEvents()
        return h
    }

    @Test("while the Primary is live the desired member is PendingPrimary and the status shows both")
    func pendingWhilePrimaryLive() throws {
        let h = try primaryAndSecondary()
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        #expect(h.newRoleEvents() == ["HandoverStarted p→d e1 override"])
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == "d")
        #expect(status.epoch == 1)
        #expect(try h.view("d").role == .pendingPrimary)
        #expect(try h.view("p").role == .primary)
    }

    @Test("the pending member's heartbeats answer PendingPrimary with the old epoch until P is told")
    func pendingMemberIsToldPending() throws {
        let h = try primaryAndSecondary()
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        for offset in [Duration.seconds(2), .seconds(5), .seconds(8)] {
            h.at(offset)
            let answer = try h.beat("d")
            #expect(answer.role == .pendingPrimary)
            #expect(answer.epoch == 1)
        }
        #expect(try h.status().primary == "p")
    }

    @Test("P's next heartbeat is answered Secondary and D becomes Primary with epoch + 1 in the same step")
    func demotionNoticeCompletesHandover() throws {
        let h = try primaryAndSecondary()
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        _ = h.newRoleEvents()
        h.at(.seconds(2))
        let demotion = try h.beat("p")
        #expect(demotion.role == .secondary)
        #expect(demotion.epoch == 2)
        #expect(h.newRoleEvents() == ["PrimaryChanged p→d e2 override"])
        let status = try h.status()
        #expect(status.primary == "d")
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 2)
        let promoted = try h.beat("d")
        #expect(promoted.role == .primary)
        #expect(promoted.epoch == 2)
        #expect(try h.role("p") == .secondary, "the old Primary stays Secondary")
    }

    @Test("when P's lease runs out before its next heartbeat, D is promoted at that expiry by the timer")
    func promotionAtPrimaryLeaseExpiry() throws {
        let h = try primaryAndSecondary()
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        _ = h.newRoleEvents()
        h.at(defaultTimeout - .oneNanosecond)
        h.tick()
        #expect(h.newRoleEvents().isEmpty, "p still holds its lease")
        h.at(defaultTimeout)
        h.tick()
        #expect(h.newRoleEvents() == ["PrimaryChanged p→d e2 override"])
        #expect(try h.status().primary == "d")
    }

    @Test("when D dies while pending, the handover is cancelled and P keeps the role and the epoch")
    func pendingMemberDiesCancels() throws {
        let h = try scorePreemptionPending()
        h.at(.seconds(15) - .oneNanosecond)
        h.tick()
        #expect(h.newRoleEvents().isEmpty)
        h.at(.seconds(15))
        h.tick()
        #expect(h.newRoleEvents() == ["HandoverCancelled p→d e1 target-lost"])
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 1)
        let answer = try h.beat("p", score: 50)
        #expect(answer.role == .primary)
        #expect(answer.epoch == 1)
    }

    @Test("when D becomes ineligible (drained) while pending, the handover is cancelled and P keeps the role and the epoch")
    func pendingMemberDrainedCancels() throws {
        let h = try scorePreemptionPending()
        h.at(.seconds(11))
        try h.override(.secondary, on: "d")
        #expect(h.newRoleEvents() == ["HandoverCancelled p→d e1 target-lost"])
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 1)
        #expect(try h.role("p", score: 50) == .primary)
        #expect(try h.role("d", score: 80) == .secondary)
    }

    @Test("a pending handover whose target is removed is cancelled")
    func pendingMemberRemovedCancels() throws {
        let h = try primaryAndSecondary()
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        try h.remove("d")
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 1)
        #expect(try h.role("p") == .primary)
    }

    @Test("when the desired member changes while pending, the newer one is pending and the first is told Secondary")
    func retargetWhilePending() throws {
        let h = try Harness(members: ["p", "d", "e"])
        try h.beat("p")
        try h.beat("d")
        try h.beat("e")
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        try h.override(.primary, on: "e")
        #expect(try h.status().pendingPrimary == "e")
        #expect(try h.role("d") == .secondary)
        #expect(try h.role("e") == .pendingPrimary)
        #expect(try h.role("p") == .secondary)
        #expect(try h.status().primary == "e")
    }
}
