import BatonCore
import Foundation
import Testing

/// Planned failover as an asynchronous task: DESIGN.md "Forced failover (both APIs)".
@Suite struct FailoverTaskTests {
    /// p is Primary (epoch 1), s a live Secondary.
    func primaryAndStandby(preemption: PreemptionPolicy = .none) throws -> Harness {
        let h = try Harness(preemption: preemption, members: ["p", "s"])
        #expect(try h.role("p", score: 100) == .primary)
        #expect(try h.role("s", score: 100) == .secondary)
        return h
    }

    func request(_ h: Harness, to target: MemberID? = nil, at scheduledAt: Date? = nil, id: String = "t1") throws -> FailoverTask {
        let task = try h.engine.requestFailover(of: h.group, to: target, at: scheduledAt, reason: "maintenance", taskID: id)
        h.persist()
        return task
    }

    @Test func aFailoverHandsTheRoleOverThroughPendingPrimaryAndSucceedsWithTheNextEpoch() throws {
        let h = try primaryAndStandby()
        h.engine.actor = Principal(kind: .user, id: "ops", tenant: h.group.tenant, role: .operator)
        let task = try request(h)
        h.engine.actor = .anonymous
        #expect(task.status == .running)
        #expect(task.target == "s")
        #expect(try h.status().pendingPrimary == "s")
        #expect(try h.role("s", score: 100) == .pendingPrimary)
        #expect(try h.role("p", score: 100) == .secondary, "the Primary's next heartbeat is its demotion")
        let done = try h.engine.task("t1")
        #expect(done.status == .success)
        #expect(done.epoch == 2)
        #expect(done.fromPrimary == "p")
        let status = try h.status()
        #expect(status.primary == "s" && status.pendingPrimary == nil && status.epoch == 2)
        let moved = try #require(h.allEvents.last { $0.kind == .primaryChanged })
        #expect(moved.reason == "forced")
        #expect(moved.principal == "user:ops", "the change names who asked, not the member whose heartbeat completed it")
        #expect(h.allEvents.map(\.kind).contains(.taskSucceeded))
    }

    @Test func thereIsNoFailbackAfterwardsWithoutPreemption() throws {
        let h = try primaryAndStandby(preemption: .none)
        _ = try request(h)
        _ = try h.role("p", score: 100)
        for _ in 0..<5 {
            h.advance(.seconds(5))
            #expect(try h.role("p", score: 100) == .secondary)
            #expect(try h.role("s", score: 50) == .primary)
        }
        #expect(try h.status().epoch == 2)
    }

    @Test func aPrimaryWhoseLeaseLapsesDuringTheHandoverIsReplacedAtThatInstant() throws {
        let h = try primaryAndStandby()
        _ = try request(h, to: "s")
        h.advance(.seconds(6))
        _ = try h.beat("s", score: 100)
        // p never heartbeats again: the timer promotes s exactly when p's lease runs out.
        h.advance(.seconds(4) - .nanoseconds(1))
        h.tick()
        #expect(try h.engine.task("t1").status == .running)
        h.advance(.nanoseconds(1))
        h.tick()
        #expect(try h.engine.task("t1").status == .success)
        #expect(try h.status().primary == "s")
    }

    @Test func aTargetThatDiesMidHandoverFailsTheTaskAndTheOldPrimaryKeepsItsRoleAndEpoch() throws {
        let h = try primaryAndStandby()
        h.advance(.seconds(5))
        _ = try h.beat("p", score: 100)  // p's lease now outlives s's by 5 s
        _ = try request(h, to: "s")
        h.advance(.seconds(5))  // s's lease runs out before p heartbeats again
        h.tick()
        let task = try h.engine.task("t1")
        #expect(task.status == .failed)
        #expect(task.message?.contains("s stopped heartbeating") == true)
        #expect(try h.status().pendingPrimary == nil)
        #expect(try h.role("p", score: 100) == .primary)
        #expect(try h.status().epoch == 1)
        #expect(h.allEvents.contains { $0.kind == .handoverCancelled && $0.to == "s" })
    }

    @Test func refusalsSayWhy() throws {
        let lone = try Harness(members: ["p"])
        _ = try lone.role("p", score: 100)
        #expect(throws: EngineError.failoverRefused(.noLiveStandby, detail: "Group 'g1' has no live eligible member other than the Primary")) {
            try request(lone)
        }

        let h = try primaryAndStandby()
        try h.register("dead")
        #expect(throws: EngineError.failoverRefused(.targetIsPrimary, detail: "p already is the Primary of group 'g1'")) {
            try request(h, to: "p")
        }
        #expect(throws: EngineError.failoverRefused(.noLiveStandby, detail: "The target dead is not live and eligible")) {
            try request(h, to: "dead")
        }
        #expect(throws: EngineError.memberNotFound(h.group, "ghost")) { try request(h, to: "ghost") }
        _ = try request(h, id: "first")
        #expect(throws: EngineError.failoverRefused(.failoverInProgress, detail: "Failover task first of group 'g1' is still RUNNING")) {
            try request(h, id: "second")
        }
    }

    @Test func aPrimaryOverrideOnAnotherMemberRefusesTheFailover() throws {
        let h = try Harness(members: ["p", "s", "o"])
        _ = try h.role("p", score: 100)
        _ = try h.role("s", score: 100)
        _ = try h.override(.primary, on: "o")
        #expect(throws: EngineError.failoverRefused(.overrideHolds, detail: "A Primary role override on o holds group 'g1'")) {
            try request(h, to: "s")
        }
    }

    @Test func aScheduledTaskWaitsQueuedAndCanBeCancelledUntilItStarts() throws {
        let h = try primaryAndStandby()
        let queued = try request(h, at: h.wall.addingTimeInterval(30), id: "later")
        #expect(queued.status == .queued)
        #expect(h.engine.nextDeadline == h.now + .seconds(10), "p's lease comes first")
        _ = try h.beat("p", score: 100)
        _ = try h.beat("s", score: 100)
        let canceled = try h.engine.cancelFailover("later")
        h.persist()
        #expect(canceled.status == .canceled)
        #expect(try h.status().primary == "p")

        let next = try request(h, at: h.wall.addingTimeInterval(3), id: "soon")
        #expect(next.status == .queued)
        h.advance(.seconds(3))
        _ = try h.beat("s", score: 100)
        #expect(try h.engine.task("soon").status == .running)
        #expect(throws: EngineError.failoverRefused(.notCancelable, detail: "Task soon is RUNNING")) {
            try h.engine.cancelFailover("soon")
        }
    }

    @Test func aScheduledTaskStartsOnTheTimerAtItsTime() throws {
        let h = try primaryAndStandby()
        _ = try request(h, at: h.wall.addingTimeInterval(4), id: "timed")
        h.advance(.seconds(4) - .nanoseconds(1))
        h.tick()
        #expect(try h.engine.task("timed").status == .queued)
        h.advance(.nanoseconds(1))
        h.tick()
        #expect(try h.engine.task("timed").status == .running)
    }

    @Test func aRunningTaskSurvivesACrashAndCompletesAfterwards() throws {
        let h = try primaryAndStandby()
        _ = try request(h, to: "s")
        h.crashAndRestart()
        #expect(try h.engine.task("t1").status == .running)
        #expect(try h.role("s", score: 100) != .primary, "nobody is promoted on the strength of grace")
        #expect(try h.role("p", score: 100) == .secondary)
        let task = try h.engine.task("t1")
        #expect(task.status == .success)
        #expect(task.steps.contains { $0.title == "Resume after a coordinator restart" })
        #expect(try h.status().epoch == 2)
    }

    @Test func aQueuedTaskSurvivesACrashAndStartsAtItsTime() throws {
        let h = try primaryAndStandby()
        _ = try request(h, at: h.wall.addingTimeInterval(20), id: "q")
        h.crashAndRestart()
        #expect(try h.engine.task("q").status == .queued)
        for _ in 0..<4 {
            h.advance(.seconds(5))
            _ = try h.beat("s", score: 100)
            if try h.engine.task("q").status == .queued { _ = try h.beat("p", score: 100) }
        }
        #expect(try h.engine.task("q").status == .running)
        #expect(try h.role("p", score: 100) == .secondary)
        #expect(try h.engine.task("q").status == .success)
    }

    @Test func unknownTasksAndOtherTenantsTasksAreNotFound() throws {
        let h = try primaryAndStandby()
        _ = try request(h)
        #expect(throws: EngineError.taskNotFound("nope")) { try h.engine.task("nope") }
        h.engine.actor = Principal(kind: .user, id: "mallory", tenant: "other", role: .admin)
        #expect(throws: EngineError.taskNotFound("t1")) { try h.engine.task("t1") }
        #expect(h.engine.visibleTasks().isEmpty)
    }

    /// Found by the property test: finishing a failover changes what the election says next
    /// (here: the new Primary scores 0 and another member scores 50), and that must be
    /// decided in the same evaluation, not by whoever looks next.
    @Test func completingAFailoverIsFollowedByTheNextDecisionAtOnce() throws {
        let h = try Harness(members: ["p", "zero", "fifty"])
        _ = try h.role("p", score: 0)
        _ = try h.role("zero", score: 0)
        _ = try h.engine.requestFailover(of: h.group, to: "zero", at: nil, reason: nil, taskID: "t")
        h.persist()
        h.advance(.seconds(5))
        _ = try h.beat("zero", score: 0)
        _ = try h.beat("fifty", score: 50)
        h.advance(.seconds(5))  // p's lease runs out: zero is promoted and the task ends
        _ = h.newEvents()
        h.tick()
        // The timer's own evaluation makes both moves, not the next reader's.
        #expect(h.newRoleEvents() == ["PrimaryChanged p→zero e2 forced", "HandoverStarted zero→fifty e2 score"])
        let first = try h.status()
        let second = try h.status()
        #expect(first == second)
        #expect(first.primary == "zero" && first.pendingPrimary == "fifty")
        #expect(try h.engine.task("t").status == .success)
    }
}
