import BatonCore
import Foundation
import HTTPTypes
import Testing

/// The same API over a real socket on loopback (`.live`), where bodies are streamed and
/// paths travel as a real client sends them.
@Suite struct LiveHTTPTests {
    @Test func anAdapterSequenceWorksOverRealHTTP() async throws {
        try await withBaton(.live) { client in
            let prefix = APIPrefix.cloud
            let root = try await client.send(.get, prefix.rawValue)
            #expect(root.status == .ok)
            #expect(try root.string("Version") == "1.0")

            let created = try await client.send(.post, prefix.groups, #"{"Id":"g","Name":"line","FailoverTimeout":"00:00:10"}"#)
            #expect(created.status == .created, "body: \(created.text)")
            #expect(try await client.send(.post, prefix.groups, #"{"Id":"g","Name":"line","FailoverTimeout":"00:00:10"}"#).status == .ok)

            #expect(try await client.send(.post, prefix.sessions("g"), #"{"Id":"a","Name":"adapter a"}"#).status == .created)
            #expect(try await client.send(.post, Self.clientSessions(prefix, "g"), #"{"Id":"b","Name":"adapter b"}"#).status == .created)
            let list = try await client.send(.get, prefix.sessions("g"))
            #expect(list.totalCount == "2")

            let first = try await client.send(.post, prefix.heartbeat("g", "a"), #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:59:00Z"}"#)
            #expect(first.status == .ok, "body: \(first.text)")
            #expect(try first.number("Role") == 1)
            #expect(try first.number("Epoch") == 1)
            #expect(first.headers[.contentType]?.hasPrefix("application/json") == true)
            let second = try await client.send(.post, prefix.heartbeat("g", "b"), #"{"FailoverStatus":100}"#)
            #expect(try second.number("Role") == 0)

            let status = try await client.send(.get, prefix.status("g"))
            #expect(try status.string("Primary") == "a")
            #expect(try status.number("Epoch") == 1)
        }
    }

    @Test func refusalsAreErrorResponsesOverRealHTTP() async throws {
        try await withBaton(.live) { client in
            let prefix = APIPrefix.onPremises
            try await client.createGroup(prefix, "g")
            // Percent-encoded ids arrive as sent and are held to the id rule.
            try await client.send(.put, prefix.group("a%2Fb"), #"{"FailoverTimeout":"00:00:10"}"#).expectRefusal(.badRequest)
            try await client.send(.get, prefix.group("a%01b")).expectRefusal(.badRequest)
            // A streamed body over 64 KiB.
            let oversize = #"{"Id":"x","Description":""# + String(repeating: "a", count: 200_000) + #""}"#
            try await client.send(.post, prefix.groups, oversize).expectRefusal(.contentTooLarge)
            try await client.send(.post, prefix.groups, "{").expectRefusal(.badRequest)
            try await client.send(.get, "/nothing").expectRefusal(.notFound)
            #expect(try await client.send(.get, prefix.groups).ids() == ["g"])
            // The connection still serves.
            try await client.register(prefix, "g", "s")
            #expect(try await client.role(prefix, "g", "s") == 1)
        }
    }

    static func clientSessions(_ prefix: APIPrefix, _ group: String) -> String {
        prefix.group(group) + "/clientSessions"
    }
}
