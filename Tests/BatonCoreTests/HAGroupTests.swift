import BatonCore
import BatonTestSupport
import Foundation
import Testing

/// Appliances and HA groups on the engine (the HCX API's rules).
@Suite struct HAGroupTests: HAGroupSetup {
    let clock = TestClock()
    let tenant = "default"

    @Test func anApplianceInNoGroupHasNoRole() throws {
        let engine = try engineWithAppliances(["a"])
        let answer = try engine.applianceHeartbeat("a", tenant: tenant, score: 100)
        #expect(answer.role == nil && answer.group == nil && answer.epoch == nil)
    }

    @Test func creatingAGroupIsATaskThatSucceedsAndItsAppliancesElectOneActive() throws {
        let engine = try engineWithAppliances(["a", "b"])
        let task = try create(engine, ["a", "b"])
        #expect(task.status == .success && task.kind == .createGroup)
        #expect(try engine.applianceHeartbeat("a", tenant: tenant, score: 100).role == .primary)
        let b = try engine.applianceHeartbeat("b", tenant: tenant, score: 100)
        #expect(b.role == .secondary && b.group == "ha1" && b.epoch == 1)
        #expect(try engine.haGroups(tenant: tenant) == [HAGroups.key(tenant: tenant, id: "ha1")])
        #expect(try engine.haGroup(HAGroups.key(tenant: tenant, id: "ha1")).configuration.preemption == .none)
    }

    @Test func anApplianceBelongsToOneGroupAtATime() throws {
        let engine = try engineWithAppliances(["a", "b", "c"])
        _ = try create(engine, ["a", "b"])
        #expect(throws: EngineError.applianceInGroup("b", group: "ha1")) { try create(engine, ["b", "c"], id: "ha2", task: "t2") }
        #expect(throws: EngineError.applianceNotFound("z")) { try create(engine, ["c", "z"], id: "ha3", task: "t3") }
        #expect(throws: EngineError.applianceInGroup("a", group: "ha1")) { try engine.removeAppliance("a", tenant: tenant) }
    }

    @Test func thereIsNoFailbackAfterAForcedFailover() throws {
        let engine = try engineWithAppliances(["a", "b"])
        _ = try create(engine, ["a", "b"])
        _ = try engine.applianceHeartbeat("a", tenant: tenant, score: 100)
        _ = try engine.applianceHeartbeat("b", tenant: tenant, score: 50)
        let key = HAGroups.key(tenant: tenant, id: "ha1")
        _ = try engine.requestFailover(of: key, to: nil, at: nil, reason: "forceFailover", taskID: "f")
        #expect(try engine.applianceHeartbeat("a", tenant: tenant, score: 100).role == .secondary)
        #expect(try engine.task("f").status == .success)
        for _ in 0..<6 {
            clock.advance(by: .seconds(5))
            #expect(try engine.applianceHeartbeat("a", tenant: tenant, score: 100).role == .secondary)
            #expect(try engine.applianceHeartbeat("b", tenant: tenant, score: 50).role == .primary)
        }
    }

    @Test func deletingAGroupReleasesItsAppliancesAndIsRefusedWhileAFailoverRunsUnlessForced() throws {
        let engine = try engineWithAppliances(["a", "b"])
        _ = try create(engine, ["a", "b"])
        _ = try engine.applianceHeartbeat("a", tenant: tenant, score: 100)
        _ = try engine.applianceHeartbeat("b", tenant: tenant, score: 100)
        let key = HAGroups.key(tenant: tenant, id: "ha1")
        _ = try engine.requestFailover(of: key, to: nil, at: nil, reason: nil, taskID: "f")
        #expect(throws: EngineError.failoverRefused(.failoverInProgress, detail: "Failover task f of group 'ha1' is still RUNNING")) {
            try engine.deleteHAGroup(key, force: false, taskID: "d1")
        }
        let deleted = try engine.deleteHAGroup(key, force: true, taskID: "d2")
        #expect(deleted.status == .success && deleted.kind == .deleteGroup)
        #expect(try engine.task("f").status == .canceled, "a task ends with its group")
        #expect(try engine.applianceHeartbeat("a", tenant: tenant, score: 100).role == nil)
        #expect(try engine.appliance("b", tenant: tenant).group == nil)
        try engine.removeAppliance("b", tenant: tenant)
    }

    @Test func appliancesAndGroupsSurviveARestart() throws {
        let engine = try engineWithAppliances(["a", "b"])
        _ = try create(engine, ["a", "b"])
        _ = try engine.applianceHeartbeat("a", tenant: tenant, score: 100)
        var store = StoreModel()
        store.apply(engine.drainJournal())
        let restored = Engine(clock: clock, restoring: store.snapshot)
        #expect(try restored.appliance("a", tenant: tenant).group == "ha1")
        #expect(try restored.applianceHeartbeat("a", tenant: tenant, score: 100).role == .primary)
        #expect(try restored.task("create").status == .success)
    }

    @Test func reRegisteringTheSameApplianceIsUnchangedAndAnotherRegistrationConflicts() throws {
        let engine = try engineWithAppliances(["a"])
        #expect(try engine.registerAppliance(ApplianceRegistration(id: "a", name: "NE a", serviceMeshID: "mesh-1"), tenant: tenant) == .unchanged)
        #expect(throws: EngineError.applianceConflict("a")) {
            try engine.registerAppliance(ApplianceRegistration(id: "a", name: "other"), tenant: tenant)
        }
    }
}
