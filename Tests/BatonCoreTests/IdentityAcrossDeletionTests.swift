import BatonCore
import BatonTestSupport
import Foundation
import Testing

/// DESIGN.md, "Identity across deletion": an epoch belongs to the group's address; deleting a
/// group and creating it again never lowers the epoch, never gives one epoch to two members
/// and promotes nobody while a lease the old incarnation granted may still run. Tasks end
/// with their incarnation.
@Suite struct IdentityAcrossDeletionTests {
    /// a → b → a: a is Primary with epoch 3 and a fresh lease.
    func roleMovedThereAndBack() throws -> Harness {
        let h = try Harness(members: ["a", "b"])
        #expect(try h.role("a") == .primary)
        try h.beat("b")
        try h.override(.primary, on: "b")
        #expect(try h.role("a") == .secondary)
        #expect(try h.role("b") == .primary)
        try h.override(.primary, on: "a")
        #expect(try h.role("b") == .secondary)
        #expect(try h.role("a") == .primary)
        #expect(try h.status().epoch == 3)
        return h
    }

    func deleteAndCreateAgain(_ h: Harness) throws {
        try h.engine.deleteGroup(h.group)
        h.persist()
        try h.engine.createGroup(h.group, GroupConfiguration(id: h.group.id, failoverTimeout: h.timeout))
        h.persist()
    }

    @Test("a group created again while the deleted one's Primary may still act promotes nobody before that lease ends, above its epoch")
    func recreatedGroupWaitsForTheOldLease() throws {
        let h = try roleMovedThereAndBack()
        let leaseEnd = h.now + h.timeout  // a's lease: its last heartbeat was just received
        h.advance(.seconds(1))
        try h.remove("b")
        try h.remove("a")  // a's lease still runs: the group is fenced
        try deleteAndCreateAgain(h)
        try h.register("c")
        #expect(try h.role("c") == .pendingPrimary, "c must not be Primary while a may still act")
        #expect(try h.status().epoch == 3, "the epoch never goes back to 0")
        h.at(leaseEnd - h.start - .oneNanosecond)
        h.tick()
        #expect(try h.status().primary == nil)
        h.at(leaseEnd - h.start)
        h.tick()
        let status = try h.status()
        #expect(status.primary == "c" && status.epoch == 4, "promoted the moment the old lease ends, with a new epoch")
        #expect(try h.beat("c").epoch == 4)
    }

    @Test("once the deleted group's leases are over, a group created again promotes at once and goes on from its epoch")
    func recreatedGroupAfterTheLeasesPromotesAtOnce() throws {
        let h = try roleMovedThereAndBack()
        try h.remove("b")
        h.advance(h.timeout)  // a's lease runs out
        try h.remove("a")
        try deleteAndCreateAgain(h)
        try h.register("c")
        let answer = try h.beat("c")
        #expect(answer.role == .primary && answer.epoch == 4)
    }

    @Test("the fence and the epoch of a deleted group survive a restart of the coordinator")
    func tombstoneSurvivesARestart() throws {
        let h = try roleMovedThereAndBack()
        try h.remove("b")
        try h.remove("a")
        try h.engine.deleteGroup(h.group)
        h.persist()
        h.advance(.seconds(2))
        h.crashAndRestart()
        let restartedAt = h.now
        try h.engine.createGroup(h.group, GroupConfiguration(id: h.group.id, failoverTimeout: h.timeout))
        h.persist()
        try h.register("c")
        #expect(try h.role("c") == .pendingPrimary, "after a restart the old lease is respected for one timeout")
        h.advance(h.timeout - .seconds(1))
        #expect(try h.role("c") == .pendingPrimary)
        h.advance(.seconds(1) - .oneNanosecond)
        h.tick()
        #expect(try h.status().primary == nil)
        h.advance(.oneNanosecond)
        h.tick()
        #expect(h.now == restartedAt + h.timeout)
        let status = try h.status()
        #expect(status.primary == "c" && status.epoch == 4)
    }

    @Test("a restart during the re-created group's fence keeps the fence")
    func restartDuringTheInheritedFence() throws {
        let h = try roleMovedThereAndBack()
        try h.remove("b")
        try h.remove("a")
        try deleteAndCreateAgain(h)
        try h.register("c")
        try h.beat("c")
        h.crashAndRestart()
        #expect(try h.role("c") == .pendingPrimary)
        #expect(try h.status().epoch == 3)
    }

    @Test("the history's numbering goes on at the address, so no sequence number is given out twice")
    func eventSequencesGoOn() throws {
        let h = try roleMovedThereAndBack()
        let last = h.allEvents.last!.sequence
        try h.remove("b")
        try h.remove("a")
        let beforeDelete = h.allEvents.last!.sequence
        #expect(beforeDelete > last)
        try deleteAndCreateAgain(h)
        let created = h.allEvents.last!
        #expect(created.kind == .groupCreated && created.sequence == beforeDelete + 1)
        #expect(created.detail?.contains("epoch goes on from 3") == true)
    }

    @Test("deleting a group cancels its queued failover task; the task cannot touch a group created again under its id")
    func tasksEndWithTheirGroup() throws {
        let h = try Harness(members: ["a", "b"])
        try h.beat("a")
        try h.beat("b")
        let later = h.wall.addingTimeInterval(3600)
        _ = try h.engine.requestFailover(of: h.group, to: "b", at: later, reason: nil, taskID: "old")
        h.persist()
        try h.remove("b")
        h.advance(h.timeout)
        try h.remove("a")
        try h.engine.deleteGroup(h.group)
        h.persist()
        let old = try h.engine.task("old")
        #expect(old.status == .canceled && old.message == "The group was deleted before the task finished.")
        #expect(h.store.tasks["old"]?.status == .canceled, "the cancellation is durable")

        try h.engine.createGroup(h.group, GroupConfiguration(id: h.group.id, failoverTimeout: h.timeout))
        try h.register("c", "d")
        try h.beat("c")
        try h.beat("d")
        _ = try h.engine.requestFailover(of: h.group, to: "d", at: nil, reason: nil, taskID: "new")
        h.persist()
        #expect(throws: EngineError.failoverRefused(.notCancelable, detail: "Task old is CANCELED")) {
            try h.engine.cancelFailover("old")
        }
        #expect(try h.engine.task("new").status == .running)
        #expect(throws: EngineError.self) {
            try h.engine.requestFailover(of: h.group, to: nil, at: nil, reason: nil, taskID: "second")
        }
        #expect(try h.role("c") == .secondary)
        #expect(try h.engine.task("new").status == .success)
    }

    @Test("a task left QUEUED by a group deleted before this version is cancelled at start")
    func orphanedTaskEndsAtRestart() throws {
        let h = try Harness(members: ["a", "b"])
        try h.beat("a")
        try h.beat("b")
        _ = try h.engine.requestFailover(of: h.group, to: "b", at: h.wall.addingTimeInterval(3600), reason: nil, taskID: "t")
        h.persist()
        // What an older version left behind: the group gone, its task still QUEUED.
        h.store.groups[h.group] = nil
        h.store.members = [:]
        h.crashAndRestart()
        #expect(try h.engine.task("t").status == .canceled)
        #expect(h.store.tasks["t"]?.status == .canceled)
    }
}

/// The same promise for HA groups, where deleting and creating again is how an operator
/// changes a group (HCX has no PUT).
@Suite struct HAGroupIdentityAcrossDeletionTests: HAGroupSetup {
    let clock = TestClock()
    let tenant = "default"
    let failoverTimeout: Duration = .seconds(30)

    func engineWithGroup() throws -> Engine {
        let engine = try engineWithAppliances(["a", "b"])
        try create(engine, task: "create-1")
        return engine
    }

    @Test("an HA group deleted and created again makes nobody ACTIVE while the old ACTIVE appliance's lease runs, and goes on from its epoch")
    func recreatedHAGroupWaitsForTheOldActive() throws {
        let engine = try engineWithGroup()
        #expect(try engine.applianceHeartbeat("a", tenant: tenant, score: 100).role == .primary)
        _ = try engine.applianceHeartbeat("b", tenant: tenant, score: 100)
        _ = try engine.requestFailover(of: key, to: "b", at: nil, reason: nil, taskID: "f")
        #expect(try engine.applianceHeartbeat("a", tenant: tenant, score: 100).role == .secondary)
        let b = try engine.applianceHeartbeat("b", tenant: tenant, score: 100)
        #expect(b.role == .primary && b.epoch == 2)
        let leaseEnd = clock.now().instant + .seconds(30)

        clock.advance(by: .seconds(1))
        _ = try engine.deleteHAGroup(key, force: false, taskID: "delete")
        try create(engine, task: "create-2")
        let a = try engine.applianceHeartbeat("a", tenant: tenant, score: 100)
        #expect(a.role != .primary, "b may still act as ACTIVE for 29 s")
        #expect(a.epoch == 2)
        clock.advance(by: leaseEnd - clock.now().instant - .oneNanosecond)
        engine.processDueDeadlines()
        #expect(try engine.haGroup(key).status.primary == nil)
        clock.advance(by: .oneNanosecond)
        engine.processDueDeadlines()
        let status = try engine.haGroup(key).status
        #expect(status.primary == "a" && status.epoch == 3)
    }

    @Test("a forced delete of an HA group cancels its running failover, with the reason")
    func forcedDeleteCancelsTheTask() throws {
        let engine = try engineWithGroup()
        _ = try engine.applianceHeartbeat("a", tenant: tenant, score: 100)
        _ = try engine.applianceHeartbeat("b", tenant: tenant, score: 100)
        _ = try engine.requestFailover(of: key, to: "b", at: nil, reason: nil, taskID: "f")
        #expect(try engine.task("f").status == .running)
        #expect(throws: EngineError.self) { try engine.deleteHAGroup(key, force: false, taskID: "d1") }
        _ = try engine.deleteHAGroup(key, force: true, taskID: "d2")
        let task = try engine.task("f")
        #expect(task.status == .canceled && task.message == "The HA group was deleted (force) before the task finished.")
    }
}

/// The fence waits for one member's lease. That member itself may take the role again at
/// once (nobody else can be acting), and once it is told it does not hold the role its old
/// lease holds nobody back — as a delivered demotion ends a handover.
@Suite struct FenceHolderTests: HAGroupSetup {
    let clock = TestClock()
    let tenant = "default"
    let failoverTimeout: Duration = .seconds(30)

    /// ha1 of a and b, b ACTIVE with epoch 2 and a fresh lease, deleted and created again.
    func recreatedWhileBIsActive() throws -> Engine {
        let engine = try engineWithAppliances(["a", "b"])
        try create(engine, task: "c1")
        _ = try engine.applianceHeartbeat("a", tenant: tenant, score: 100)
        _ = try engine.applianceHeartbeat("b", tenant: tenant, score: 100)
        _ = try engine.requestFailover(of: key, to: "b", at: nil, reason: nil, taskID: "f")
        _ = try engine.applianceHeartbeat("a", tenant: tenant, score: 100)
        #expect(try engine.applianceHeartbeat("b", tenant: tenant, score: 100).epoch == 2)
        clock.advance(by: .seconds(1))
        _ = try engine.deleteHAGroup(key, force: false, taskID: "d")
        try create(engine, task: "c2")
        return engine
    }

    @Test("the appliance that was ACTIVE in the deleted group is ACTIVE again at once in the new one, with the next epoch")
    func theHolderTakesTheRoleAtOnce() throws {
        let engine = try recreatedWhileBIsActive()
        let b = try engine.applianceHeartbeat("b", tenant: tenant, score: 100)
        #expect(b.role == .primary && b.epoch == 3)
    }

    @Test("once the old ACTIVE appliance is told it is not ACTIVE, the member chosen is ACTIVE in the same step")
    func theHolderToldItsRoleIsGoneEndsTheWait() throws {
        let engine = try recreatedWhileBIsActive()
        #expect(try engine.applianceHeartbeat("a", tenant: tenant, score: 100).role == .pendingPrimary)
        let b = try engine.applianceHeartbeat("b", tenant: tenant, score: 100)
        #expect(b.role != .primary)
        let status = try engine.haGroup(key).status
        #expect(status.primary == "a" && status.epoch == 3)
        #expect(try engine.applianceHeartbeat("a", tenant: tenant, score: 100).role == .primary)
    }

    @Test("a Primary removed while its lease runs and registered again takes the role back at once; told otherwise, it frees its successor")
    func removedPrimaryRegisteredAgain() throws {
        let h = try Harness(members: ["a", "b"])
        #expect(try h.role("a") == .primary)
        try h.beat("b")
        try h.remove("a")
        try h.register("a")
        let back = try h.beat("a", score: 100)
        #expect(back.role == .primary && back.epoch == 2, "a is the only one who could be acting")

        let g = try Harness(members: ["a", "b"])
        #expect(try g.role("a") == .primary)
        try g.beat("b")
        try g.remove("a")
        #expect(try g.role("b") == .pendingPrimary)
        try g.register("a")
        #expect(try g.role("a", score: 10) == .secondary, "b is chosen: a is told it does not hold the role")
        let status = try g.status()
        #expect(status.primary == "b" && status.epoch == 2)
    }

    @Test("the old Primary made Primary again by an override while silent keeps its old lease: the role cannot leave it before that lease ends")
    func holderPromotedWhileSilentKeepsItsOldLease() throws {
        let h = try Harness(members: ["m0", "m1"])
        #expect(try h.role("m1") == .primary)  // m1 may act until 10 s
        try h.remove("m0")
        try h.remove("m1")
        try h.engine.deleteGroup(h.group)
        try h.engine.createGroup(h.group, GroupConfiguration(id: h.group.id, failoverTimeout: h.timeout))
        h.persist()
        try h.register("m0", "m1")
        try h.override(.primary, on: "m1", for: .seconds(2))
        #expect(try h.status().primary == "m1", "the fence's own holder may take the role at once")
        h.at(.seconds(3))  // the override has expired; m1 has not heartbeated in the new group
        #expect(try h.role("m0") != .primary, "m1 may still be acting until 10 s")
        h.at(.seconds(10))
        h.tick()
        #expect(try h.role("m0") == .primary)
    }
}
