import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import Testing

/// The `clientsessions` endpoints, under every prefix.
@Suite struct SessionEndpointTests {
    // MARK: POST

    @Test(arguments: APIPrefix.allCases)
    func registerAnswers201WithTheSession(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            let body = #"{"Id":"3f2c9d1e-0000-4000-8000-00000000000a","Name":"Modbus adapter A","AdditionalData":{"host":"plc-1"}}"#
            let created = try await client.send(.post, prefix.sessions("g"), body)
            #expect(created.status == .created, "body: \(created.text)")
            let read = try await client.session(prefix, "g", "3f2c9d1e-0000-4000-8000-00000000000a")
            for session in [try created.json, read] {
                #expect(session.string("Id") == "3f2c9d1e-0000-4000-8000-00000000000a")
                #expect(session.string("Name") == "Modbus adapter A")
                #expect(session.number("Role") == 0)
                #expect(session[caseInsensitive: "HeartbeatPosted"] == .bool(false))
                #expect(session.number("RoleOverride") == 0)
                #expect(session[caseInsensitive: "RoleOverrideExpirationTime"] == .null)
                #expect(session[caseInsensitive: "Heartbeat"] == .null)
                #expect(session[caseInsensitive: "AdditionalData"] == .object(["host": .string("plc-1")]))
            }
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func registeringAgainWithTheSameNameAnswers200(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "s", name: "adapter")
            let again = try await client.send(.post, prefix.sessions("g"), #"{"Id":"s","Name":"adapter"}"#)
            #expect(again.status == .ok, "body: \(again.text)")
            #expect(try again.string("Id") == "s")
            #expect(try again.string("Name") == "adapter")
            // Property names are matched case-insensitively here too.
            let lower = try await client.send(.post, prefix.sessions("g"), #"{"id":"s","name":"adapter"}"#)
            #expect(lower.status == .ok, "body: \(lower.text)")
            // Re-registering keeps what the session has: its heartbeat and role.
            #expect(try await client.role(prefix, "g", "s") == 1)
            let third = try await client.send(.post, prefix.sessions("g"), #"{"Id":"s","Name":"adapter"}"#)
            #expect(third.status == .ok)
            #expect(try third.number("Role") == 1)
            #expect(try await client.send(.get, prefix.sessions("g")).totalCount == "1")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func registeringAgainWithAnotherNameAnswers409(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "s", name: "adapter")
            try await client.send(.post, prefix.sessions("g"), #"{"Id":"s","Name":"other"}"#).expectRefusal(.conflict)
            try await client.send(.post, prefix.sessions("g"), #"{"Id":"s"}"#).expectRefusal(.conflict)
            let read = try await client.session(prefix, "g", "s")
            #expect(read.string("Name") == "adapter")
            #expect(try await client.send(.get, prefix.sessions("g")).totalCount == "1")
        }
    }

    /// The vendor answers 409 only for another name: the same `Id` and `Name` with other
    /// `AdditionalData` is 200, and the data sent replaces the stored one, durably, with an
    /// event; the session keeps its role.
    @Test(arguments: APIPrefix.allCases)
    func registeringAgainWithOtherAdditionalDataReplacesIt(prefix: APIPrefix) async throws {
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            try await client.createGroup(prefix, "g")
            let first = try await client.send(.post, prefix.sessions("g"), #"{"Id":"s","Name":"adapter","AdditionalData":{"host":"plc-1"}}"#)
            #expect(first.status == .created, "body: \(first.text)")
            #expect(try await client.role(prefix, "g", "s") == 1)
            let again = try await client.send(.post, prefix.sessions("g"), #"{"Id":"s","Name":"adapter","AdditionalData":{"host":"plc-2"}}"#)
            #expect(again.status == .ok, "body: \(again.text)")
            #expect(try again.field("AdditionalData") == .object(["host": .string("plc-2")]))
            #expect(try again.number("Role") == 1)
            let types = try await client.events(prefix, "g").compactMap { $0.string("Type") }
            #expect(types.last == "SessionUpdated", "\(types)")
            // The same again changes nothing and records nothing.
            let same = try await client.send(.post, prefix.sessions("g"), #"{"Id":"s","Name":"adapter","AdditionalData":{"host":"plc-2"}}"#)
            #expect(same.status == .ok)
            #expect(try await client.events(prefix, "g").count == types.count)
            // Left out, the data is null.
            let cleared = try await client.send(.post, prefix.sessions("g"), #"{"Id":"s","Name":"adapter"}"#)
            #expect(cleared.status == .ok, "body: \(cleared.text)")
            #expect(try cleared.field("AdditionalData") == .null)
            let back = try await client.send(.post, prefix.sessions("g"), #"{"Id":"s","Name":"adapter","AdditionalData":[1,2]}"#)
            #expect(back.status == .ok, "body: \(back.text)")
        }
        // After a restart the replaced data is what was stored.
        try await baton.run { client in
            let read = try await client.session(prefix, "g", "s")
            #expect(read[caseInsensitive: "AdditionalData"] == .array([.number(1), .number(2)]))
            #expect(read.string("Name") == "adapter")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func registeringInAnUnknownGroupAnswers404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.post, prefix.sessions("nope"), #"{"Id":"s"}"#).expectRefusal(.notFound)
            try await client.send(.get, prefix.group("nope")).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.post, prefix.sessions("G"), #"{"Id":"s"}"#).expectRefusal(.notFound)
            #expect(try await client.send(.get, prefix.sessions("g")).totalCount == "0")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func namesAndDataComeBackAsSent(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            let name = "quote \" backslash \\ tab \t control \u{1} slash / rocket 🚀 é"
            let data: JSONValue = .object([
                "nested": .array([.null, .bool(true), .number(-1.5), .string("x\ny")]), "empty": .object([:]),
            ])
            let body = JSONValue.object(["Id": .string("s"), "Name": .string(name), "AdditionalData": data]).jsonText
            let created = try await client.send(.post, prefix.sessions("g"), body)
            #expect(created.status == .created, "body: \(created.text)")
            let read = try await client.session(prefix, "g", "s")
            #expect(read.string("Name") == name)
            #expect(read[caseInsensitive: "AdditionalData"] == data)
            // The same registration again is recognised as the same.
            #expect(try await client.send(.post, prefix.sessions("g"), body).status == .ok)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func sessionIdsKeepTheirCase(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "S1", name: "upper")
            try await client.register(prefix, "g", "s1", name: "lower")
            #expect(try await client.session(prefix, "g", "S1").string("Name") == "upper")
            #expect(try await client.session(prefix, "g", "s1").string("Name") == "lower")
            #expect(try await client.send(.get, prefix.sessions("g")).totalCount == "2")
        }
    }

    // MARK: GET

    @Test(arguments: APIPrefix.allCases)
    func listAnswersSessionsWithTotalCount(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            let empty = try await client.send(.get, prefix.sessions("g"))
            #expect(empty.status == .ok)
            #expect(empty.totalCount == "0")
            #expect(try empty.objects().isEmpty)

            for id in ["c", "a", "b"] { try await client.register(prefix, "g", id) }
            try await client.heartbeat(prefix, "g", "b")
            let list = try await client.send(.get, prefix.sessions("g"))
            #expect(list.status == .ok)
            #expect(list.totalCount == "3")
            #expect(Set(try list.ids()) == ["a", "b", "c"])
            let b = try list.objects().first { $0.string("Id") == "b" }
            #expect(b?.number("Role") == 1)
            #expect(b?[caseInsensitive: "HeartbeatPosted"] == .bool(true))

            let all = try list.ids()
            let page = try await client.send(.get, prefix.sessions("g") + "?skip=1&count=1")
            #expect(page.totalCount == "3")
            #expect(try page.ids() == [all[1]])
            try await client.send(.get, prefix.sessions("g") + "?count=1001").expectRefusal(.badRequest)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func listOfAnUnknownGroupAnswers404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.get, prefix.sessions("g")).expectRefusal(.notFound)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func getAnswers200Or404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.get, prefix.session("g", "s")).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.get, prefix.session("g", "s")).expectRefusal(.notFound)
            try await client.register(prefix, "g", "s", name: "n")
            let read = try await client.send(.get, prefix.session("g", "s"))
            #expect(read.status == .ok)
            #expect(try read.string("Id") == "s")
            try await client.send(.get, prefix.session("h", "s")).expectRefusal(.notFound)
            try await client.send(.get, prefix.session("g", "t")).expectRefusal(.notFound)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func getShowsTheLastHeartbeat(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "s")
            await client.advance(by: .seconds(2))
            try await client.heartbeat(
                prefix, "g", "s",
                #"{"FailoverScore":42.5,"HeartbeatTime":"2027-01-15T08:00:01.500Z","LastDataProcessedTime":"2027-01-15T07:59:00Z"}"#)
            let read = try await client.session(prefix, "g", "s")
            #expect(read.number("Role") == 1)
            #expect(read[caseInsensitive: "HeartbeatPosted"] == .bool(true))
            let heartbeat = read[caseInsensitive: "Heartbeat"]
            #expect(heartbeat?.number("FailoverScore") == 42.5)
            #expect(heartbeat?.string("HeartbeatTime") == "2027-01-15T08:00:01.500Z")
            #expect(heartbeat?.string("LastDataProcessedTime") == "2027-01-15T07:59:00.000Z")
        }
    }

    // MARK: DELETE

    @Test(arguments: APIPrefix.allCases)
    func deleteAnswers204ThenSessionIsGone(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "s")
            try await client.register(prefix, "g", "t")
            let deleted = try await client.send(.delete, prefix.session("g", "s"))
            #expect(deleted.status == .noContent)
            #expect(deleted.text.isEmpty)
            try await client.send(.get, prefix.session("g", "s")).expectRefusal(.notFound)
            try await client.send(.delete, prefix.session("g", "s")).expectRefusal(.notFound)
            #expect(try await client.send(.get, prefix.sessions("g")).ids() == ["t"])
            // The id can be registered again, under another name.
            try await client.register(prefix, "g", "s", name: "new")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func deleteAnswers404ForUnknownSessionOrGroup(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.delete, prefix.session("g", "s")).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.delete, prefix.session("g", "s")).expectRefusal(.notFound)
            try await client.register(prefix, "g", "s")
            try await client.send(.delete, prefix.session("h", "s")).expectRefusal(.notFound)
            try await client.send(.delete, prefix.session("g", "S")).expectRefusal(.notFound)
            #expect(try await client.send(.get, prefix.session("g", "s")).status == .ok)
        }
    }
}
