import BatonCore
import BatonJSON
import BatonWire

/// HCX request bodies, read as the server reads them and handed to a real engine.
enum HCXHarness {
    static let tenant = "default"

    static func body(_ bytes: [UInt8]) -> JSONValue? {
        guard let value = try? JSONValue.parse(bytes), case .object = value else { return nil }
        return value
    }

    static func appliance(_ bytes: [UInt8]) {
        guard let body = body(bytes), let registration = try? HCXRequests.applianceRegistration(body) else { return }
        for clock in ClientFailoverHarness.clocks() {
            let engine = Engine(clock: clock)
            do {
                try engine.registerAppliance(registration, tenant: tenant)
                try check(try engine.appliance(registration.id, tenant: tenant).registration == registration,
                      "the appliance reads back differently")
            } catch {}
        }
    }

    static func heartbeat(_ bytes: [UInt8]) {
        guard let body = body(bytes), let score = try? HCXRequests.heartbeatScore(body) else { return }
        for clock in ClientFailoverHarness.clocks() {
            let engine = Engine(clock: clock)
            do {
                for id in ["a1", "a2"] { try engine.registerAppliance(ApplianceRegistration(id: id), tenant: tenant) }
                _ = try engine.applianceHeartbeat("a1", tenant: tenant, score: score)
                _ = try engine.createHAGroup(tenant: tenant, id: "h", name: nil, appliances: ["a1", "a2"], preemption: .score,
                                         failoverTimeout: .seconds(30), serviceMeshID: nil, taskID: "c")
                _ = try engine.applianceHeartbeat("a1", tenant: tenant, score: score)
                _ = try engine.applianceHeartbeat("a2", tenant: tenant, score: score)
                engine.processDueDeadlines()
            } catch {}
        }
    }

    /// The HA group body, then `forceFailover` (whose body the server ignores) on the group.
    static func group(_ bytes: [UInt8]) {
        guard let body = body(bytes), let group = try? HCXRequests.HAGroup(body) else { return }
        _ = TimeSpan.format(group.failoverTimeout)
        for clock in ClientFailoverHarness.clocks() {
            let engine = Engine(clock: clock)
            do {
                for id in Set(group.appliances + ["a1", "a2"]) {
                    _ = try? engine.registerAppliance(ApplianceRegistration(id: id), tenant: tenant)
                    _ = try? engine.applianceHeartbeat(id, tenant: tenant, score: 50)
                }
                let id = group.groupID ?? "generated"
                _ = try engine.createHAGroup(tenant: tenant, id: id, name: group.name, appliances: group.appliances,
                                             preemption: group.preemption, failoverTimeout: group.failoverTimeout,
                                             serviceMeshID: group.serviceMeshID, taskID: "c")
                let key = HAGroups.key(tenant: tenant, id: id)
                try check(try engine.haGroup(key).configuration.failoverTimeout == group.failoverTimeout, "the HA group's timeout changed")
                for appliance in group.appliances { _ = try? engine.applianceHeartbeat(appliance, tenant: tenant, score: 50) }
                _ = try? engine.requestFailover(of: key, to: nil, at: nil, reason: "forceFailover", taskID: "f")
                engine.processDueDeadlines()
            } catch {}
        }
    }
}
