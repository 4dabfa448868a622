import BatonClient
import BatonJSON
import Foundation
import Testing

/// `-o json` on the read commands is JSON a script can parse, and says what the API says.
@Suite struct OutputTests {
    @Test func jsonOutputOfEveryReadParsesAndMatchesTheAPI() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                // A lease far longer than the test: the Primary stays Primary after the members
                // stop, however slow the commands below run on a busy machine.
                try await client.makeGroup("line-1", sessions: ["a", "b"], timeout: "00:01:00")
                let members = Members(client, group: "line-1", sessions: ["a", "b"])
                try await eventually("a is Primary") { try await client.status(of: "line-1").primary == "a" }
                try await client.drain("b", in: "line-1")
                await members.stop()
                let status = try await client.status(of: "line-1")

                let groups = try await server.baton(["groups", "-o", "json"])
                #expect(groups.status == 0, "\(groups.all)")
                let groupList = try JSONValue.parse(groups.output)
                guard case .array(let items) = groupList, items.count == 1 else {
                    Issue.record("not one group: \(groups.output)")
                    return
                }
                #expect(items[0]["Group"]?["Id"] == .string("line-1"))
                #expect(items[0]["Status"]?["Primary"] == .string(try #require(status.primary)))
                #expect(items[0]["Status"]?["Epoch"] == .number(Double(status.epoch)))
                #expect(items[0]["Total"] == .number(2))

                let one = try await server.baton(["status", "line-1", "-o", "json"])
                #expect(one.status == 0, "\(one.all)")
                let parsed = try JSONValue.parse(one.output)
                #expect(parsed["Status"]?["Primary"] == .string("a"))
                guard case .array(let sessions)? = parsed["Sessions"] else {
                    Issue.record("no sessions: \(one.output)")
                    return
                }
                #expect(sessions.map { $0["Id"] } == [.string("a"), .string("b")])
                #expect(sessions[1]["RoleOverride"] == .number(2))

                let history = try await server.baton(["history", "line-1", "-o", "json"])
                #expect(history.status == 0, "\(history.all)")
                let lines = history.output.split(separator: "\n").map { try? JSONValue.parse(String($0)) }
                #expect(!lines.isEmpty && lines.allSatisfy { $0 != nil }, "\(history.output)")
                #expect(lines.contains { $0?["Type"] == .string("RoleOverrideSet") })

                let tasks = try await server.baton(["tasks", "-o", "json"])
                #expect(tasks.status == 0, "\(tasks.all)")
                #expect(try JSONValue.parse(tasks.output)["items"] == .array([]))

                // The table a person reads says the same.
                let table = try await server.baton(["status", "line-1"])
                #expect(table.output.contains("Primary a, epoch \(status.epoch)"), "\(table.output)")
                #expect(table.output.contains("drained"), "\(table.output)")
            }
        }
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }
}
