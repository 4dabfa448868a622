import BatonClient
import Foundation
import Testing

/// The same commands for HCX HA groups (`--hcx`).
@Suite struct HCXCommandTests {
    @Test func forceFailoverOfAnHAGroupWithWaitAndItsReads() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                for id in ["x1", "x2"] {
                    try await client.registerAppliance(HCXAppliance(applianceId: id, serviceMeshId: "mesh-1"))
                }
                _ = try await client.createHAGroup(HCXHAGroupCreation(groupId: "ne-1", appliances: ["x1", "x2"], failoverTimeout: "00:00:02"))
                let appliances = Members(client, appliances: ["x1", "x2"])
                try await eventually("x1 is ACTIVE") {
                    try await client.haGroup("ne-1").groupMembers.contains { $0.applianceId == "x1" && $0.role == .active }
                }

                let outcome = try await server.baton(["failover", "ne-1", "--hcx", "--wait", "--yes"])
                #expect(outcome.status == 0, "\(outcome.all)")
                #expect(outcome.output.contains("SUCCESS"), "\(outcome.output)")
                try await eventually("x2 is ACTIVE") {
                    try await client.haGroup("ne-1").groupMembers.contains { $0.applianceId == "x2" && $0.role == .active }
                }
                await appliances.stop()

                let groups = try await server.baton(["groups", "--hcx"])
                #expect(groups.status == 0, "\(groups.all)")
                #expect(groups.output.contains("ne-1"), "\(groups.output)")
                let history = try await server.baton(["history", "ne-1", "--hcx"])
                #expect(history.status == 0, "\(history.all)")
                #expect(history.output.contains("FailoverSucceeded"), "\(history.output)")
                let tasks = try await server.baton(["tasks"])
                #expect(tasks.output.contains("ha force-failover"), "\(tasks.output)")

                // A refusal in the HCX error shape: errors[].message is printed.
                let refused = try await server.baton(["failover", "nowhere", "--hcx", "--yes"])
                #expect(refused.status == 1)
                #expect(refused.errors.contains("NotFound"), "\(refused.all)")
            }
        }
    }
}
