import BatonClient
import Foundation
import Testing

/// `baton failover` against a real server with real members heartbeating.
@Suite struct FailoverCommandTests {
    @Test func failoverWithWaitFollowsTheTaskToSuccessAndMovesTheRole() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("line-1", sessions: ["a", "b"])
                let members = Members(client, group: "line-1", sessions: ["a", "b"])
                try await eventually("a is Primary") { try await client.status(of: "line-1").primary == "a" }

                let outcome = try await server.baton(["failover", "line-1", "--to", "b", "--reason", "patch a", "--wait", "--yes"])
                await members.stop()

                #expect(outcome.status == 0, "\(outcome.all)")
                // Step by step: each step of the task as it was reached, then the outcome.
                #expect(outcome.output.contains("Choose the target"), "\(outcome.output)")
                #expect(outcome.output.contains("Hand over the Primary role"), "\(outcome.output)")
                #expect(outcome.output.contains("SUCCESS: b is Primary with epoch 2"), "\(outcome.output)")
                let status = try await client.status(of: "line-1")
                #expect(status.primary == "b")
                #expect(status.epoch == 2)
                let events = try await client.events(of: "line-1").items
                #expect(events.contains { $0.type == "FailoverSucceeded" && $0.detail?.contains("patch a") != true })
                #expect(events.contains { $0.type == "FailoverQueued" && $0.detail?.contains("patch a") == true })
            }
        }
    }

    @Test func failoverThatEndsFailedExitsNonZero() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("line-2", sessions: ["a", "b"], timeout: "00:00:05")
                _ = try await client.heartbeat("a", in: "line-2", Heartbeat(failoverScore: 100))
                _ = try await client.heartbeat("b", in: "line-2", Heartbeat(failoverScore: 100))
                try await Task.sleep(for: .milliseconds(2500))
                // a's lease now runs 2.5 s longer than b's (and b's has 2.5 s left for the
                // command to start). Neither heartbeats again: the handover
                // to b would complete at a's next heartbeat, but b's lease runs out first.
                _ = try await client.heartbeat("a", in: "line-2", Heartbeat(failoverScore: 100))
                let outcome = try await server.baton(["failover", "line-2", "--to", "b", "--wait", "--yes"])

                #expect(outcome.status == 3, "\(outcome.all)")
                #expect(outcome.output.contains("FAILED"), "\(outcome.output)")
                let status = try await client.status(of: "line-2")
                #expect(status.primary == "a")
                #expect(status.epoch == 1)
            }
        }
    }

    @Test func failoverWithoutYesOnAPipeAsksForNothingAndChangesNothing() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("line-3", sessions: ["a", "b"])
                let members = Members(client, group: "line-3", sessions: ["a", "b"])
                try await eventually("a is Primary") { try await client.status(of: "line-3").primary == "a" }
                let outcome = try await server.baton(["failover", "line-3"], input: "y\n")
                await members.stop()

                #expect(outcome.status == 1)
                #expect(outcome.errors.contains("add --yes"), "\(outcome.all)")
                #expect(try await client.events(of: "line-3").items.allSatisfy { !$0.type.hasPrefix("Failover") })
            }
        }
    }
}
