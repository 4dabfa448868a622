import BatonCore
import Foundation
import HTTPTypes
import Testing

/// Bad input on every endpoint that reads some: each one answers a 4xx with a complete
/// `ErrorResponse` (never a 5xx) and changes nothing. Cases run in sequence on one Baton
/// per prefix, and the state is checked after each, so the suite stays fast and any change
/// a refused request made is caught by the next check.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var label: String
        var body: String?
        var status: HTTPResponse.Status = .badRequest
        var description: String { label }
    }

    static let longID = String(repeating: "x", count: 101)
    /// A value far over every limit but under the body limit: an error may name it, not repeat it.
    static let hugeValue = String(repeating: "z", count: 20_000)
    static let oversize = #"{"Id":"x","Description":""# + String(repeating: "a", count: 70_000) + #""}"#

    /// Bodies that are not a usable JSON object, for every endpoint with a body.
    static let notAnObject: [Case] = [
        Case(label: "malformed JSON", body: #"{"Id":"x","#),
        Case(label: "trailing garbage", body: #"{"Id":"x"} and more"#),
        Case(label: "single quotes", body: "{'Id':'x'}"),
        Case(label: "JSON array", body: #"[{"Id":"x","FailoverScore":1,"Value":1}]"#),
        Case(label: "JSON string", body: #""x""#),
        Case(label: "JSON number", body: "5"),
        Case(label: "JSON null", body: "null"),
        Case(label: "empty body", body: ""),
        Case(label: "no body", body: nil),
        Case(label: "whitespace body", body: "  \n"),
        Case(label: "deeply nested", body: String(repeating: "[", count: 600) + String(repeating: "]", count: 600)),
        Case(label: "unclosed nesting", body: String(repeating: "[", count: 60_000)),
        Case(label: "body over 64 KiB", body: oversize, status: .contentTooLarge),
    ]

    /// Ids no endpoint accepts in a body.
    static let badBodyIDs: [Case] = [
        Case(label: "Id empty", body: #"{"Id":""}"#),
        Case(label: "Id 101 characters", body: #"{"Id":"\#(longID)"}"#),
        Case(label: "Id 20 000 characters", body: #"{"Id":"\#(hugeValue)"}"#),
        Case(label: "Id with /", body: #"{"Id":"a/b"}"#),
        Case(label: "Id with ?", body: #"{"Id":"a?b"}"#),
        Case(label: "Id with #", body: #"{"Id":"a#b"}"#),
        Case(label: "Id with %", body: #"{"Id":"a%b"}"#),
        Case(label: "Id with U+0001", body: #"{"Id":"a\u0001b"}"#),
        Case(label: "Id with newline", body: #"{"Id":"a\nb"}"#),
        Case(label: "Id with DEL", body: #"{"Id":"a\u007fb"}"#),
        Case(label: "Id a number", body: #"{"Id":5}"#),
        Case(label: "Id an object", body: #"{"Id":{"x":1}}"#),
    ]

    /// Path ids, percent-encoded as a client would send them, that no endpoint accepts.
    static let badPathIDs: [String] = [
        longID, hugeValue, "a%2Fb", "a%2fb", "a%3Fb", "a%23b", "a%25b", "a%01b", "a%00b", "a%7Fb", "a%0Ab", "a%ZZb", "a%",
    ]

    // MARK: Groups

    static let badGroupBodies: [Case] = notAnObject + badBodyIDs + [
        Case(label: "Id missing", body: #"{"FailoverTimeout":"00:00:10"}"#),
        Case(label: "Name a number", body: #"{"Id":"x","Name":5}"#),
        Case(label: "Description a bool", body: #"{"Id":"x","Description":true}"#),
        Case(label: "Description an array", body: #"{"Id":"x","Description":["a"]}"#),
        Case(label: "FailoverTimeout a number", body: #"{"Id":"x","FailoverTimeout":30}"#),
        Case(label: "FailoverTimeout an object", body: #"{"Id":"x","FailoverTimeout":{"seconds":30}}"#),
        Case(label: "FailoverTimeout 50 ms", body: #"{"Id":"x","FailoverTimeout":"00:00:00.05"}"#),
        Case(label: "FailoverTimeout just under 100 ms", body: #"{"Id":"x","FailoverTimeout":"00:00:00.0999999"}"#),
        Case(label: "FailoverTimeout zero", body: #"{"Id":"x","FailoverTimeout":"00:00:00"}"#),
        Case(label: "FailoverTimeout negative", body: #"{"Id":"x","FailoverTimeout":"-00:01:00"}"#),
        Case(label: "FailoverTimeout 2 days", body: #"{"Id":"x","FailoverTimeout":"2.00:00:00"}"#),
        Case(label: "FailoverTimeout just over a day", body: #"{"Id":"x","FailoverTimeout":"1.00:00:00.0000001"}"#),
        Case(label: "FailoverTimeout text", body: #"{"Id":"x","FailoverTimeout":"one minute"}"#),
        Case(label: "FailoverTimeout empty", body: #"{"Id":"x","FailoverTimeout":""}"#),
        Case(label: "FailoverTimeout ISO 8601", body: #"{"Id":"x","FailoverTimeout":"PT1M"}"#),
        Case(label: "FailoverTimeout 24 hours", body: #"{"Id":"x","FailoverTimeout":"24:00:00"}"#),
        Case(label: "FailoverTimeout 60 minutes", body: #"{"Id":"x","FailoverTimeout":"00:60:00"}"#),
        Case(label: "FailoverTimeout 60 seconds", body: #"{"Id":"x","FailoverTimeout":"00:00:60"}"#),
        Case(label: "FailoverTimeout 8 fraction digits", body: #"{"Id":"x","FailoverTimeout":"00:01:00.12345678"}"#),
        Case(label: "FailoverTimeout four parts", body: #"{"Id":"x","FailoverTimeout":"1:00:00:00"}"#),
        Case(label: "FailoverTimeout one part", body: #"{"Id":"x","FailoverTimeout":"60"}"#),
        Case(label: "FailoverTimeout signs inside", body: #"{"Id":"x","FailoverTimeout":"00:+1:00"}"#),
        Case(label: "PreemptionPolicy unknown", body: #"{"Id":"x","PreemptionPolicy":"Sometimes"}"#),
        Case(label: "PreemptionPolicy 20 000 characters", body: #"{"Id":"x","PreemptionPolicy":"\#(hugeValue)"}"#),
        Case(label: "FailoverTimeout 20 000 characters", body: #"{"Id":"x","FailoverTimeout":"\#(hugeValue)"}"#),
    ]

    @Test(arguments: APIPrefix.allCases)
    func badGroupCreationsAreRefusedAndChangeNothing(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "keep", timeout: "00:00:10")
            let before = try await client.send(.get, prefix.group("keep")).text
            var operationIDs: Set<String> = []
            for bad in Self.badGroupBodies {
                for _ in 0..<2 {
                    let reply = try await client.send(.post, prefix.groups, bad.body)
                    if let id = try Self.expectRefused(reply, bad) {
                        #expect(!operationIDs.contains(id), "\(bad): OperationId \(id) was used before")
                        operationIDs.insert(id)
                    }
                }
                try await Self.expectGroupsUnchanged(client, prefix, keep: before, bad)
            }
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func badGroupPutsAreRefusedAndChangeNothing(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "keep", timeout: "00:00:10")
            let before = try await client.send(.get, prefix.group("keep")).text
            // Bodies: on a new id and on the existing group.
            let bodies = Self.badGroupBodies.filter { !$0.label.hasPrefix("Id") }
                .map { bad in Case(label: bad.label, body: bad.body?.replacingOccurrences(of: #""Id":"x""#, with: #""Id":"keep""#), status: bad.status) }
            for bad in bodies {
                try Self.expectRefused(try await client.send(.put, prefix.group("keep"), bad.body), bad)
                try await Self.expectGroupsUnchanged(client, prefix, keep: before, bad)
            }
            for bad in Self.notAnObject + Self.badBodyIDs {
                try Self.expectRefused(try await client.send(.put, prefix.group("x"), bad.body), bad)
                try await Self.expectGroupsUnchanged(client, prefix, keep: before, bad)
            }
            // Ids in the path.
            for id in Self.badPathIDs {
                let bad = Case(label: "path id \(id)", body: #"{"FailoverTimeout":"00:00:10"}"#)
                try Self.expectRefused(try await client.send(.put, prefix.group(id), bad.body), bad)
                try await Self.expectGroupsUnchanged(client, prefix, keep: before, bad)
            }
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func badPathIDsAreRefusedOnEveryEndpoint(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "keep", timeout: "00:00:10")
            try await client.register(prefix, "keep", "s")
            let before = try await client.send(.get, prefix.group("keep")).text
            for id in Self.badPathIDs {
                let requests: [(HTTPRequest.Method, String, String?)] = [
                    (.get, prefix.group(id), nil),
                    (.delete, prefix.group(id), nil),
                    (.get, prefix.status(id), nil),
                    (.get, prefix.events(id), nil),
                    (.get, prefix.sessions(id), nil),
                    (.post, prefix.sessions(id), #"{"Id":"s"}"#),
                    (.get, prefix.session("keep", id), nil),
                    (.delete, prefix.session("keep", id), nil),
                    (.post, prefix.heartbeat("keep", id), #"{"FailoverScore":100}"#),
                    (.post, prefix.roleOverride("keep", id), #"{"Value":1}"#),
                ]
                for (method, uri, body) in requests {
                    let bad = Case(label: "\(method.rawValue) \(uri)", body: body)
                    try Self.expectRefused(try await client.send(method, uri, body), bad)
                }
                let bad = Case(label: "path id \(id)")
                try await Self.expectGroupsUnchanged(client, prefix, keep: before, events: 2, bad)
                #expect(try await client.send(.get, prefix.sessions("keep")).ids() == ["s"], "\(bad)")
                #expect(try await client.status(prefix, "keep").primary == nil, "\(bad)")
            }
        }
    }

    @Test func badTenantAndNamespaceIDsAreRefused() async throws {
        try await withBaton { client in
            for id in Self.badPathIDs {
                for base in [
                    "/api/v1/tenants/\(id)/namespaces/n1/clientfailover",
                    "/api/v1-preview/tenants/t1/namespaces/\(id)/clientfailover",
                ] {
                    let bad = Case(label: "POST \(base)/groups", body: #"{"Id":"g"}"#)
                    try Self.expectRefused(try await client.send(.post, base + "/groups", bad.body), bad)
                    try Self.expectRefused(try await client.send(.get, base + "/groups"), bad)
                }
            }
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func idsAndTimeoutsAtTheLimitsAreAccepted(prefix: APIPrefix) async throws {
        try await withBaton { client in
            let hundred = String(repeating: "y", count: 100)
            let created = try await client.send(.post, prefix.groups, #"{"Id":"\#(hundred)","FailoverTimeout":"00:00:00.1"}"#)
            #expect(created.status == .created, "body: \(created.text)")
            #expect(try created.string("FailoverTimeout") == "00:00:00.1000000")
            #expect(try await client.send(.get, prefix.group(hundred)).status == .ok)
            let day = try await client.send(.post, prefix.groups, #"{"Id":"day","FailoverTimeout":"1.00:00:00"}"#)
            #expect(day.status == .created, "body: \(day.text)")
            #expect(try day.string("FailoverTimeout") == "1.00:00:00")
            // Ids may hold spaces, dots, non-ASCII letters: percent-encoded in the path.
            let odd = try await client.send(.post, prefix.groups, #"{"Id":"Line 1.é"}"#)
            #expect(odd.status == .created, "body: \(odd.text)")
            #expect(try await client.send(.get, prefix.group("Line%201.%C3%A9")).string("Id") == "Line 1.é")
            try await client.register(prefix, hundred, hundred)
            #expect(try await client.role(prefix, hundred, hundred) == 1)
            try await client.register(prefix, "day", "s 1")
            let beat = try await client.send(.post, prefix.heartbeat("day", "s%201"), #"{"FailoverScore":5}"#)
            #expect(try beat.number("Role") == 1)
            #expect(try await client.status(prefix, "day").primary == "s 1")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aBodyOfExactly64KiBIsRead(prefix: APIPrefix) async throws {
        try await withBaton { client in
            let head = #"{"Id":"x","Description":""#
            let tail = #""}"#
            let body = head + String(repeating: "a", count: 64 * 1024 - head.utf8.count - tail.utf8.count) + tail
            #expect(body.utf8.count == 65_536)
            let reply = try await client.send(.post, prefix.groups, body)
            #expect(reply.status == .created, "\(reply.text.prefix(300))")
            let over = String(body.dropLast(2)) + "a\"}"
            #expect(over.utf8.count == 65_537)
            try Self.expectRefused(try await client.send(.post, prefix.groups, over), Case(label: "64 KiB + 1", status: .contentTooLarge))
        }
    }

    // MARK: Sessions

    static let badSessionBodies: [Case] = notAnObject + badBodyIDs + [
        Case(label: "Id missing", body: #"{"Name":"n"}"#),
        Case(label: "Id null", body: #"{"Id":null,"Name":"n"}"#),
        Case(label: "Name a number", body: #"{"Id":"x","Name":5}"#),
        Case(label: "Name an array", body: #"{"Id":"x","Name":["n"]}"#),
    ]

    @Test(arguments: APIPrefix.allCases)
    func badSessionRegistrationsAreRefusedAndChangeNothing(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "keep", name: "kept")
            for bad in Self.badSessionBodies {
                try Self.expectRefused(try await client.send(.post, prefix.sessions("g"), bad.body), bad)
                let list = try await client.send(.get, prefix.sessions("g"))
                #expect(try list.ids() == ["keep"], "\(bad)")
                #expect(list.totalCount == "1", "\(bad)")
                #expect(try await client.session(prefix, "g", "keep").string("Name") == "kept", "\(bad)")
                #expect(try await client.events(prefix, "g").count == 2, "\(bad): an event was recorded")
            }
        }
    }

    // MARK: Heartbeats

    static let badHeartbeats: [Case] = notAnObject + [
        Case(label: "FailoverScore missing", body: "{}"),
        Case(label: "FailoverScore null", body: #"{"FailoverScore":null}"#),
        Case(label: "only other properties", body: #"{"LastDataProcessedTime":"2027-01-15T07:00:00Z"}"#),
        Case(label: "FailoverScore a word", body: #"{"FailoverScore":"high"}"#),
        Case(label: "FailoverScore a numeric string", body: #"{"FailoverScore":"50"}"#),
        Case(label: "FailoverScore a bool", body: #"{"FailoverScore":true}"#),
        Case(label: "FailoverScore an array", body: #"{"FailoverScore":[50]}"#),
        Case(label: "FailoverScore -1", body: #"{"FailoverScore":-1}"#),
        Case(label: "FailoverScore -0.001", body: #"{"FailoverScore":-0.001}"#),
        Case(label: "FailoverScore 101", body: #"{"FailoverScore":101}"#),
        Case(label: "FailoverScore 100.001", body: #"{"FailoverScore":100.001}"#),
        Case(label: "FailoverScore 1e400", body: #"{"FailoverScore":1e400}"#),
        Case(label: "FailoverStatus a word", body: #"{"FailoverStatus":"high"}"#),
        Case(label: "FailoverStatus 101", body: #"{"FailoverStatus":101}"#),
        Case(label: "LastDataProcessedTime a word", body: #"{"FailoverScore":50,"LastDataProcessedTime":"yesterday"}"#),
        Case(label: "LastDataProcessedTime a number", body: #"{"FailoverScore":50,"LastDataProcessedTime":1800000000}"#),
        Case(label: "LastDataProcessedTime month 13", body: #"{"FailoverScore":50,"LastDataProcessedTime":"2027-13-01T00:00:00Z"}"#),
        Case(label: "HeartbeatTime a word", body: #"{"FailoverScore":50,"HeartbeatTime":"now"}"#),
        // In the year -1 once in UTC: it could not be written back as ISO-8601 (it was, as "00-1-12-31…").
        Case(label: "LastDataProcessedTime before the year 0000", body: #"{"FailoverScore":50,"LastDataProcessedTime":"0000-01-01T00:00:00+18:00"}"#),
        Case(label: "HeartbeatTime after the year 9999", body: #"{"FailoverScore":50,"HeartbeatTime":"9999-12-31T23:59:59-18:00"}"#),
        Case(label: "HeartbeatTime a bool", body: #"{"FailoverScore":50,"HeartbeatTime":false}"#),
        Case(label: "HeartbeatTime 20 000 characters", body: #"{"FailoverScore":50,"HeartbeatTime":"\#(hugeValue)"}"#),
    ]

    @Test(arguments: APIPrefix.allCases)
    func badHeartbeatsAreRefusedAndChangeNothing(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            try await client.register(prefix, "g", "b")
            try await client.heartbeat(prefix, "g", "a", #"{"FailoverScore":60,"LastDataProcessedTime":"2027-01-15T07:00:00Z"}"#)
            try await client.heartbeat(prefix, "g", "a", #"{"FailoverScore":60,"LastDataProcessedTime":"2027-01-15T07:00:00Z"}"#)
            let statusBefore = try await client.status(prefix, "g")
            let primaryBefore = try await client.session(prefix, "g", "a")
            await client.advance(by: .seconds(1))
            for bad in Self.badHeartbeats {
                // The Primary: its heartbeat, score and watermark stay as they were.
                try Self.expectRefused(try await client.send(.post, prefix.heartbeat("g", "a"), bad.body), bad)
                #expect(try await client.session(prefix, "g", "a") == primaryBefore, "\(bad)")
                // A session that never heartbeated stays unelectable and without a heartbeat.
                try Self.expectRefused(try await client.send(.post, prefix.heartbeat("g", "b"), bad.body), bad)
                let b = try await client.session(prefix, "g", "b")
                #expect(b[caseInsensitive: "HeartbeatPosted"] == .bool(false), "\(bad)")
                #expect(b[caseInsensitive: "Heartbeat"] == .null, "\(bad)")
                #expect(try await client.status(prefix, "g") == statusBefore, "\(bad)")
            }
            // Refused heartbeats renewed no lease: a's lease still ends 10 s after its last good one.
            await client.advance(by: .seconds(9))
            #expect(try await client.status(prefix, "g").primary == nil)
        }
    }

    // MARK: Role overrides

    @Test(arguments: APIPrefix.allCases)
    func badRoleOverrideBodiesAreRefusedAndChangeNothing(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let before = try await client.session(prefix, "g", "b")
            let statusBefore = try await client.status(prefix, "g")
            for bad in Self.notAnObject {
                try Self.expectRefused(try await client.send(.post, prefix.roleOverride("g", "b"), bad.body), bad)
                #expect(try await client.session(prefix, "g", "b") == before, "\(bad)")
                #expect(try await client.status(prefix, "g") == statusBefore, "\(bad)")
            }
        }
    }

    // MARK: Unknown routes

    @Test(arguments: APIPrefix.allCases)
    func unknownRoutesAnswer404WithAnErrorResponse(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "s")
            let requests: [(HTTPRequest.Method, String)] = [
                (.get, prefix.rawValue + "/nothing"),
                (.get, prefix.groups + "/g/nothing"),
                (.get, prefix.session("g", "s") + "/nothing"),
                (.get, prefix.heartbeat("g", "s")),
                (.post, prefix.status("g")),
                (.post, prefix.group("g")),
                (.delete, prefix.groups),
                (.put, prefix.sessions("g")),
                (.get, "/nothing"),
                (.get, "/api/v2/clientfailover/groups"),
                (.get, "/api/v1/tenants/t1/clientfailover/groups"),
            ]
            for (method, uri) in requests {
                let reply = try await client.send(method, uri, method == .get || method == .delete ? nil : "{}")
                #expect(reply.status.kind == .clientError, "\(method.rawValue) \(uri): \(reply.status)")
                try Self.expectRefused(reply, Case(label: "\(method.rawValue) \(uri)", status: reply.status))
                #expect(reply.status == .notFound || reply.status == .methodNotAllowed, "\(method.rawValue) \(uri)")
            }
            #expect(try await client.send(.get, prefix.groups).ids() == ["g"])
            #expect(try await client.send(.get, prefix.sessions("g")).ids() == ["s"])
        }
    }

    @Test func operationIDsDifferAndMatchTheHeader() async throws {
        try await withBaton { client in
            var seen: Set<String> = []
            for _ in 0..<5 {
                let reply = try await client.send(.get, APIPrefix.onPremises.group("nope"))
                let id = try Self.expectRefused(reply, Case(label: "GET unknown group", status: .notFound))
                #expect(id.map { !seen.contains($0) } == true, "OperationId repeated: \(id ?? "nil")")
                if let id { seen.insert(id) }
            }
            #expect(seen.count == 5)
        }
    }

    // MARK: Checks

    /// A 4xx (never a 5xx) with the expected status and a complete `ErrorResponse` whose
    /// `Operation-Id` header equals its `OperationId`. Returns the OperationId.
    @discardableResult
    static func expectRefused(
        _ reply: TestBaton.Reply, _ bad: Case, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String? {
        #expect(reply.status.kind != .serverError, "\(bad): 5xx \(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.status == bad.status, "\(bad): \(reply.status) \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        // An error names the bad value (`Quoted`); it does not send a long one back whole.
        #expect(reply.text.utf8.count < 1024, "\(bad): a \(reply.text.utf8.count)-byte error: \(reply.text.prefix(300))",
                sourceLocation: sourceLocation)
        guard let body = try? reply.json else {
            Issue.record("\(bad): the body is not JSON: \(reply.text.prefix(300))", sourceLocation: sourceLocation)
            return nil
        }
        for key in ["OperationId", "Error", "Reason", "Resolution"] {
            let value = body[caseInsensitive: key]?.stringValue ?? ""
            #expect(!value.isEmpty, "\(bad): ErrorResponse lacks \(key): \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        }
        let operationID = body[caseInsensitive: "OperationId"]?.stringValue
        #expect(reply.headers[.testOperationID] == operationID, "\(bad): Operation-Id header differs", sourceLocation: sourceLocation)
        return operationID
    }

    /// Only the group `keep` exists, exactly as it was, and it has no new history.
    static func expectGroupsUnchanged(
        _ client: TestBaton.Client, _ prefix: APIPrefix, keep: String, events: Int = 1, _ bad: Case,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let list = try await client.send(.get, prefix.groups)
        #expect(list.totalCount == "1", "\(bad): \(list.text.prefix(300))", sourceLocation: sourceLocation)
        #expect(try list.ids() == ["keep"], "\(bad)", sourceLocation: sourceLocation)
        let read = try await client.send(.get, prefix.group("keep"))
        #expect(read.text == keep, "\(bad): the group changed", sourceLocation: sourceLocation)
        #expect(try await client.events(prefix, "keep").count == events, "\(bad): an event was recorded", sourceLocation: sourceLocation)
    }
}
