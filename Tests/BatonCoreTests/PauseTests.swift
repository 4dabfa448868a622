import BatonCore
import Foundation
import Testing

/// DESIGN.md "Pause": while paused the role moves only when someone asks.
@Suite("Pause")
struct PauseTests {
    /// p is Primary, b is live and better; then the group is paused.
    private func pausedGroup() throws -> Harness {
        let h = try Harness(members: ["p", "b"])
        try h.beat("p", score: 50)
        try h.beat("b", score: 40)
        #expect(try h.status().primary == "p")
        #expect(try h.engine.pause(h.group, reason: "maintenance window") == .updated)
        h.persist()
        return h
    }

    @Test("a Primary whose lease runs out while paused is not Primary, and nobody is elected")
    func noElectionAfterALostLease() throws {
        let h = try pausedGroup()
        _ = h.newEvents()
        for offset in stride(from: 1, through: 30, by: 1) {
            h.at(.seconds(Int64(offset)))
            try h.beat("b", score: 40)
            h.tick()
        }
        #expect(try h.status().primary == nil)
        #expect(try h.status().epoch == 1)
        #expect(h.newRoleEvents() == ["PrimaryChanged p→- e1 lease-expired"])
        #expect(try h.role("b", score: 40) == .secondary)
        // The old Primary coming back does not take the role either: that would be an election.
        #expect(try h.role("p", score: 50) == .secondary)
    }

    @Test("resuming elects at once when nobody holds the role")
    func resumeElects() throws {
        let h = try pausedGroup()
        h.at(defaultTimeout + .seconds(1))
        try h.beat("b", score: 40)
        h.tick()
        #expect(try h.status().primary == nil)
        _ = h.newEvents()
        #expect(try h.engine.resume(h.group, reason: "done") == .updated)
        h.persist()
        #expect(h.newEvents() == ["GroupResumed -→- e1 resumed", "PrimaryChanged -→b e2 elected"])
        #expect(try h.status().pause == nil)
    }

    @Test("no score preemption while paused, however long a member is better")
    func noPreemption() throws {
        let h = try pausedGroup()
        for offset in stride(from: 1, through: 40, by: 1) {
            h.at(.seconds(Int64(offset)))
            try h.beat("p", score: 10)
            try h.beat("b", score: 90)
            h.tick()
        }
        #expect(try h.status().primary == "p")
        #expect(try h.status().pendingPrimary == nil)
        // Resumed, the hysteresis (already served) lets the better member take over.
        _ = try h.engine.resume(h.group, reason: nil)
        h.persist()
        #expect(try h.status().pendingPrimary == "b")
    }

    @Test("a Primary at score 0 keeps the role while paused")
    func scoreZeroPrimaryKeepsRole() throws {
        let h = try pausedGroup()
        h.at(.seconds(1))
        try h.beat("p", score: 0)
        try h.beat("b", score: 90)
        #expect(try h.status().primary == "p")
        #expect(try h.status().pendingPrimary == nil)
    }

    @Test("overrides and drains still move the role while paused")
    func explicitRequestsStillWork() throws {
        let h = try pausedGroup()
        h.at(.seconds(1))
        try h.override(.primary, on: "b")
        #expect(try h.status().pendingPrimary == "b")
        #expect(try h.role("p") == .secondary)
        #expect(try h.role("b", score: 40) == .primary)
        try h.override(.off, on: "b")
        try h.override(.secondary, on: "b")
        #expect(try h.status().pendingPrimary == "p")
    }

    @Test("a planned failover still completes while paused")
    func plannedFailoverStillWorks() throws {
        let h = try pausedGroup()
        h.at(.seconds(1))
        _ = try h.engine.requestFailover(of: h.group, to: "b", at: nil, reason: "switchover", taskID: "t1")
        h.persist()
        #expect(try h.role("p") == .secondary)
        #expect(try h.role("b", score: 40) == .primary)
        #expect(try h.engine.task("t1").status == .success)
    }

    @Test("a paused group that never had a Primary elects nobody")
    func pausedBeforeAnyPrimary() throws {
        let h = try Harness(members: ["a", "b"])
        _ = try h.engine.pause(h.group, reason: nil)
        h.persist()
        try h.beat("a", score: 50)
        try h.beat("b", score: 60)
        #expect(try h.status().primary == nil)
        #expect(try h.status().epoch == 0)
    }

    @Test("the pause is durable, shown in status and history, and pausing twice changes nothing")
    func durableAndRecorded() throws {
        let h = try pausedGroup()
        let pause = try #require(try h.status().pause)
        #expect(pause.reason == "maintenance window")
        #expect(pause.since == h.wall)
        #expect(h.allEvents.last?.kind == .groupPaused)
        #expect(h.allEvents.last?.detail == "maintenance window")
        #expect(h.allEvents.last?.from == "p")
        h.at(.seconds(1))
        #expect(try h.engine.pause(h.group, reason: "again") == .unchanged)
        h.persist()
        #expect(try h.status().pause == pause)
        h.crashAndRestart()
        #expect(try h.status().pause == pause)
        h.at(defaultTimeout * 3)
        try h.beat("b", score: 40)
        h.tick()
        #expect(try h.status().primary == nil)
        #expect(try h.engine.resume(h.group, reason: nil) == .updated)
        #expect(try h.engine.resume(h.group, reason: nil) == .unchanged)
    }

    @Test("a reason longer than the limit is refused")
    func longReasonRefused() throws {
        let h = try Harness(members: ["a"])
        #expect { try h.engine.pause(h.group, reason: String(repeating: "x", count: GroupPause.reasonLimit + 1)) }
            throws: { isInvalid($0, field: "Reason") }
        #expect(try h.status().pause == nil)
    }
}
