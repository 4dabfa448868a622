import BatonClient
import Foundation
import Testing

/// Override, drain, undrain, pause, resume, `history --follow` and `watch` for HCX HA groups
/// (`--hcx`), against a real server, through the commands and the client library.
@Suite struct HCXSteeringCommandTests {
    /// Two appliances heartbeating in HA group `ne-1`, x1 ACTIVE.
    static func pair(_ client: BatonClient) async throws -> Members {
        for id in ["x1", "x2"] {
            try await client.registerAppliance(HCXAppliance(applianceId: id, serviceMeshId: "mesh-1"))
        }
        _ = try await client.createHAGroup(HCXHAGroupCreation(groupId: "ne-1", name: "NE 1", appliances: ["x1", "x2"], failoverTimeout: "00:00:02"))
        let members = Members(client, appliances: ["x1", "x2"])
        try await eventually("x1 is ACTIVE") { try await client.haGroup("ne-1").active == "x1" }
        return members
    }

    @Test func overrideDrainUndrainPauseAndResumeAnHAGroup() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                let members = try await Self.pair(client)
                defer { Task { await members.stop() } }

                let override = try await server.baton(["override", "ne-1", "x2", "active", "--hcx"])
                #expect(override.status == 0, "\(override.all)")
                #expect(override.output.contains("x2 in HA group ne-1: ACTIVE override."), "\(override.output)")
                try await eventually("x2 is ACTIVE") { try await client.haGroup("ne-1").active == "x2" }
                #expect(try await server.baton(["override", "ne-1", "x2", "off", "--hcx"]).status == 0)

                let drain = try await server.baton(["drain", "ne-1", "x2", "--for", "10m", "--hcx", "-o", "json"])
                #expect(drain.status == 0, "\(drain.all)")
                #expect(drain.output.contains("STANDBY"), "\(drain.output)")
                try await eventually("x1 is ACTIVE again") { try await client.haGroup("ne-1").active == "x1" }
                let drained = try await client.haGroup("ne-1").groupMembers.first { $0.applianceId == "x2" }
                #expect(drained?.roleOverride == "STANDBY")
                #expect(drained?.roleOverrideExpirationTime != nil)
                let status = try await server.baton(["status", "ne-1", "--hcx"])
                #expect(status.status == 0, "\(status.all)")
                let x2 = status.output.split(separator: "\n").first { $0.hasPrefix("x2 ") }.map { $0.split(separator: " ").map(String.init) } ?? []
                // APPLIANCE ROLE SCORE LIVE …, then the lease left and the drain with its expiry.
                #expect(x2.prefix(4) == ["x2", "STANDBY", "100", "yes"], "\(status.output)")
                #expect(x2.contains("drained"), "\(status.output)")
                let undrain = try await server.baton(["undrain", "ne-1", "x2", "--hcx"])
                #expect(undrain.status == 0, "\(undrain.all)")
                #expect(undrain.output.contains("no override"), "\(undrain.output)")
                #expect(try await client.haGroup("ne-1").groupMembers.first { $0.applianceId == "x2" }?.roleOverride == "OFF")

                let pause = try await server.baton(["pause", "ne-1", "--reason", "window", "--hcx"])
                #expect(pause.status == 0, "\(pause.all)")
                #expect(pause.output.contains("HA group ne-1 is paused (ACTIVE x1"), "\(pause.output)")
                #expect(try await client.haGroup("ne-1").pause?.reason == "window")
                let resume = try await server.baton(["resume", "ne-1", "--hcx"])
                #expect(resume.status == 0, "\(resume.all)")
                #expect(try await client.haGroup("ne-1").pause == nil)

                // The history shows all of it, with sequences and reasons.
                let history = try await server.baton(["history", "ne-1", "--hcx", "--limit", "1000"])
                #expect(history.status == 0, "\(history.all)")
                for code in ["RoleOverrideSet", "PrimaryChanged", "GroupPaused", "GroupResumed"] {
                    #expect(history.output.contains(code), "\(code): \(history.output)")
                }
                let events = try await client.recentHAGroupEvents(of: "ne-1", count: 1000)
                #expect(events.compactMap(\.sequence) == Array(1...events.count))

                // Refusals: an unknown appliance, a bad value.
                let unknown = try await server.baton(["drain", "ne-1", "nobody", "--hcx"])
                #expect(unknown.status == 1)
                #expect(unknown.errors.contains("NotFound"), "\(unknown.all)")
                let bad = try await server.baton(["override", "ne-1", "x2", "sometimes", "--hcx"])
                #expect(bad.status == 64, "\(bad.all)")
            }
        }
    }

    @Test func historyFollowOfAnHAGroupSeesNewEventsFromTheStream() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                let members = try await Self.pair(client)
                defer { Task { await members.stop() } }
                let follower = try await server.batonInBackground(["history", "ne-1", "--hcx", "--follow", "-o", "json"])
                defer { follower.send(.kill) }
                try await eventually("the history is shown") { follower.output.contains("PrimaryChanged") }
                #expect(!follower.output.contains("GroupPaused"))

                try await client.pauseHAGroup("ne-1", reason: "follow me")
                try await eventually("the pause is followed") { follower.output.contains("GroupPaused") }
                _ = try await client.forceFailover(ofHAGroup: "ne-1")
                try await eventually("the failover is followed") { follower.output.contains("FailoverSucceeded") }
                let lines = follower.output.split(separator: "\n").filter { $0.hasPrefix("{") }
                let sequences = lines.compactMap { line in
                    try? WireCoding.decoder.decode(HCXTimelineEvent.self, from: Data(line.utf8)).sequence
                }
                // Every event once, in order.
                #expect(sequences == Array(1...sequences.count), "\(follower.output)")
                #expect(follower.isRunning)
                _ = try await follower.terminate()
            }
        }
    }

    @Test func theClientReadsTheTenantStreamSnapshotThenEvents() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                let members = try await Self.pair(client)
                defer { Task { await members.stop() } }
                var messages = try await client.haEventStream().makeAsyncIterator()
                guard case .snapshot(let groups)? = try await messages.next() else {
                    Issue.record("no snapshot first")
                    return
                }
                #expect(groups.map(\.groupId) == ["ne-1"])
                #expect(groups.first?.active == "x1")
                #expect((groups.first?.lastSequence ?? 0) >= 4)
                _ = try await client.forceFailover(ofHAGroup: "ne-1")
                var seen: [String] = []
                while !seen.contains("FailoverSucceeded"), let message = try await messages.next() {
                    if case .event(let event) = message { seen.append(event.eventCode) }
                }
                #expect(seen.contains("PrimaryChanged"), "\(seen)")
                #expect(try await client.haGroup("ne-1").active == "x2")
            }
        }
    }
}

/// `baton watch --hcx` in a real terminal (tmux), as `WatchTerminalTests` for Client Failover groups.
@Suite(.enabled(if: Terminal.available, "tmux is not installed (scripts/cli-terminal.sh installs it)"))
struct HCXWatchTerminalTests {
    @Test func watchRedrawsTheHAGroupTableFromTheStreamWhenTheRoleMoves() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                let members = try await HCXSteeringCommandTests.pair(client)
                let terminal = try await Terminal("env BATON_SERVER=\(server.url) '\(LiveServer.executable)' watch --hcx")
                func row() async throws -> [String] {
                    let line = try await terminal.screen.split(separator: "\n").first { $0.hasPrefix("ne-1 ") }
                    return line.map { $0.split(separator: " ").map(String.init) } ?? []
                }
                do {
                    try await terminal.use {
                        try await eventually("the table shows x1 as ACTIVE with epoch 1") {
                            try await row().prefix(3) == ["ne-1", "x1", "1"]
                        }
                        #expect(try await terminal.screen.contains("HA GROUP"))
                        _ = try await client.forceFailover(ofHAGroup: "ne-1")
                        try await eventually("the table shows x2 as ACTIVE with epoch 2") {
                            try await row().prefix(3) == ["ne-1", "x2", "2"]
                        }
                        #expect(try await terminal.screen.components(separatedBy: "HA GROUP").count == 2)
                    }
                } catch {
                    await members.stop()
                    throw error
                }
                await members.stop()
            }
        }
    }
}
