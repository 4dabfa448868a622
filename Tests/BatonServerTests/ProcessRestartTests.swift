import BatonCore
import BatonJSON
import Foundation
import Testing

/// A real `baton serve` on a real SQLite file, killed with SIGKILL and started again.
@Suite(.serialized) struct ProcessRestartTests {
    let base = "/api/v1/clientfailover"

    /// Everything durable, read back over HTTP: groups, sessions without their soft parts,
    /// status and the full history.
    func durableState(_ client: ProcessClient) async throws -> [String] {
        var state: [String] = []
        let groups = try await client.send(.get, "\(base)/groups")
        state.append(groups.text)
        for group in try groups.json.arrayValue ?? [] {
            let id = group[caseInsensitive: "Id"]!.stringValue!
            let status = try await client.send(.get, "\(base)/groups/\(id)/status")
            var statusJSON = try status.json
            if case .object(var fields) = statusJSON {
                fields["LastDataProcessedTime"] = nil  // soft state
                statusJSON = .object(fields)
            }
            state.append(statusJSON.jsonText)
            let sessions = try await client.send(.get, "\(base)/groups/\(id)/clientsessions")
            for session in try sessions.json.arrayValue ?? [] {
                guard case .object(var fields) = session else { continue }
                for soft in ["Heartbeat", "HeartbeatPosted", "IsLive"] { fields[soft] = nil }
                state.append(JSONValue.object(fields).jsonText)
            }
            state.append(try await client.send(.get, "\(base)/groups/\(id)/events?count=1000").text)
        }
        return state
    }

    @Test func aSIGKILLedCoordinatorKeepsEverythingItAcknowledgedAndItsGracePreventsAFailover() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = self.base

        // Before the crash: group g1 with a planned handover completed (epoch 2) and a
        // Primary override; group g2 with x Primary and y Secondary.
        let first = try await BatonProcess(dataDirectory: directory)
        let before = try await ProcessClient.with(first) { client in
            #expect(try await client.send(.post, "\(base)/groups", #"{"Id":"g1","Name":"One","FailoverTimeout":"00:00:03","AdditionalData":{"site":"north"}}"#).status == .created)
            #expect(try await client.send(.post, "\(base)/groups/g1/clientsessions", #"{"Id":"a","Name":"A"}"#).status == .created)
            #expect(try await client.send(.post, "\(base)/groups/g1/clientsessions", #"{"Id":"b","Name":"B"}"#).status == .created)
            #expect(try await client.send(.post, "\(base)/groups/g1/clientsessions/a/heartbeat", #"{"FailoverScore":100}"#).field("Role") == .number(1))
            #expect(try await client.send(.post, "\(base)/groups/g1/clientsessions/b/heartbeat", #"{"FailoverScore":100}"#).field("Role") == .number(0))
            #expect(try await client.send(.post, "\(base)/groups/g1/clientsessions/b/roleoverride", #"{"Value":"Primary","ExpirationPeriod":"1.00:00:00"}"#).status == .ok)
            #expect(try await client.send(.post, "\(base)/groups/g1/clientsessions/a/heartbeat", #"{"FailoverScore":100}"#).field("Role") == .number(0))
            let promoted = try await client.send(.post, "\(base)/groups/g1/clientsessions/b/heartbeat", #"{"FailoverScore":100}"#)
            #expect(try promoted.field("Role") == .number(1))
            #expect(try promoted.field("Epoch") == .number(2))

            #expect(try await client.send(.post, "\(base)/groups", #"{"Id":"g2","FailoverTimeout":"00:00:05"}"#).status == .created)
            _ = try await client.send(.post, "\(base)/groups/g2/clientsessions", #"{"Id":"x"}"#)
            _ = try await client.send(.post, "\(base)/groups/g2/clientsessions", #"{"Id":"y"}"#)
            #expect(try await client.send(.post, "\(base)/groups/g2/clientsessions/x/heartbeat", #"{"FailoverScore":100}"#).field("Role") == .number(1))
            #expect(try await client.send(.post, "\(base)/groups/g2/clientsessions/y/heartbeat", #"{"FailoverScore":100}"#).field("Role") == .number(0))
            return try await durableState(client)
        }
        await first.kill()

        // After the restart: the same durable state, and y cannot take x's role during grace.
        let second = try await BatonProcess(dataDirectory: directory)
        defer { second.killInBackground() }
        let restartedAt = ContinuousClock.now
        try await ProcessClient.with(second) { client in
            let after = try await durableState(client)
            #expect(after == before)

            let early = try await client.send(.post, "\(base)/groups/g2/clientsessions/y/heartbeat", #"{"FailoverScore":100}"#)
            #expect(try early.field("Role") == .number(0), "a restart alone must not move the role")
            try await Task.sleep(until: restartedAt + .milliseconds(1000))
            let stillSecondary = try await client.send(.post, "\(base)/groups/g2/clientsessions/y/heartbeat", #"{"FailoverScore":100}"#)
            #expect(try stillSecondary.field("Role") == .number(0))
            let status = try await client.send(.get, "\(base)/groups/g2/status")
            #expect(try status.field("Primary") == .string("x"))
            #expect(try status.field("Epoch") == .number(1))

            // x never comes back: once grace (one FailoverTimeout) is over, y takes the role.
            try await Task.sleep(until: restartedAt + .milliseconds(5300))
            let promoted = try await client.send(.post, "\(base)/groups/g2/clientsessions/y/heartbeat", #"{"FailoverScore":100}"#)
            #expect(try promoted.field("Role") == .number(1))
            #expect(try promoted.field("Epoch") == .number(2))
        }
    }

    @Test func aPrimaryThatHeartbeatsWithinGraceKeepsItsRoleAndEpochAcrossARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = self.base
        let first = try await BatonProcess(dataDirectory: directory)
        try await ProcessClient.with(first) { client in
            _ = try await client.send(.post, "\(base)/groups", #"{"Id":"g","FailoverTimeout":"00:00:02"}"#)
            _ = try await client.send(.post, "\(base)/groups/g/clientsessions", #"{"Id":"p"}"#)
            _ = try await client.send(.post, "\(base)/groups/g/clientsessions", #"{"Id":"s"}"#)
            #expect(try await client.send(.post, "\(base)/groups/g/clientsessions/p/heartbeat", #"{"FailoverScore":100}"#).field("Epoch") == .number(1))
            _ = try await client.send(.post, "\(base)/groups/g/clientsessions/s/heartbeat", #"{"FailoverScore":100}"#)
        }
        await first.kill()

        let second = try await BatonProcess(dataDirectory: directory)
        try await ProcessClient.with(second) { client in
            for _ in 0..<4 {
                try await Task.sleep(for: .milliseconds(700))
                let primary = try await client.send(.post, "\(base)/groups/g/clientsessions/p/heartbeat", #"{"FailoverScore":100}"#)
                #expect(try primary.field("Role") == .number(1))
                #expect(try primary.field("Epoch") == .number(1))
                let secondary = try await client.send(.post, "\(base)/groups/g/clientsessions/s/heartbeat", #"{"FailoverScore":100}"#)
                #expect(try secondary.field("Role") == .number(0))
            }
        }
        // SIGTERM is a clean exit.
        #expect(await second.terminate() == 0)
        #expect(second.log.contains("Server started and listening"))
    }

    @Test func aSecondCoordinatorOnTheSameDataDirectoryRefusesToStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-lock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await BatonProcess(dataDirectory: directory)
        defer { first.killInBackground() }
        await #expect(throws: BatonProcess.Failure.self) {
            _ = try await BatonProcess(dataDirectory: directory, timeout: .seconds(10))
        }
    }
}
