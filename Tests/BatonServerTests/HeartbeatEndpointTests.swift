import BatonCore
import Foundation
import HTTPTypes
import Testing

/// `POST …/clientsessions/{id}/heartbeat`, under every prefix.
@Suite struct HeartbeatEndpointTests {
    @Test(arguments: APIPrefix.allCases)
    func aLoneSessionsFirstHeartbeatMakesItPrimaryAtEpoch1(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            let reply = try await client.send(.post, prefix.heartbeat("g", "a"), #"{"FailoverScore":100}"#)
            #expect(reply.status == .ok)
            #expect(try reply.number("Role") == 1)
            #expect(try reply.number("Epoch") == 1)
            // All four properties are present, integers as integers; the lease's timeout as a time span.
            guard case .object(let members) = try reply.json else { Issue.record("not an object"); return }
            #expect(Set(members.keys) == ["Role", "LastDataProcessedTime", "Epoch", "FailoverTimeout"])
            #expect(try reply.string("FailoverTimeout") == "00:00:10")
            #expect(reply.text.contains(#""Role":1"#), "enums are integers on api/v1: \(reply.text)")
            #expect(reply.text.contains(#""Epoch":1"#), "the epoch is an integer: \(reply.text)")
        }
    }

    /// Paths that end in `heartbeat` but are not a session's heartbeat, or differ in case, get
    /// what the routers give every other path (`CaseTolerantResponder`).
    @Test(arguments: APIPrefix.allCases)
    func pathsThatEndInHeartbeatAreRoutedLikeAnyOther(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            let base = prefix.group("g")
            let camel = try await client.send(.post, base + "/clientSessions/a/heartbeat", #"{"FailoverScore":100}"#)
            #expect(camel.status == .ok, "\(camel.text)")
            #expect(try camel.number("Role") == 1)
            try await client.send(.post, base + "/clientsessions/nobody/heartbeat", #"{"FailoverScore":100}"#)
                .expectErrorResponse(.notFound)
            try await client.send(.post, base + "/heartbeat", #"{"FailoverScore":100}"#).expectErrorResponse(.notFound)
            try await client.send(.post, "/nothing/heartbeat", #"{"FailoverScore":100}"#).expectErrorResponse(.notFound)
            try await client.send(.post, prefix.heartbeat("g", "a"), #"{"FailoverScore":"x"}"#).expectErrorResponse(.badRequest)
            let wrongMethod = try await client.send(.get, prefix.heartbeat("g", "a"))
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aSecondSessionIsSecondary(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            try await client.register(prefix, "g", "b")
            #expect(try await client.role(prefix, "g", "a") == 1)
            let second = try await client.heartbeat(prefix, "g", "b")
            #expect(try second.number("Role") == 0)
            #expect(try second.number("Epoch") == 1)
            // Equal scores: the Primary keeps the role, heartbeat after heartbeat.
            for _ in 0..<3 {
                await client.advance(by: .seconds(3))
                #expect(try await client.role(prefix, "g", "a") == 1)
                #expect(try await client.role(prefix, "g", "b") == 0)
            }
            let status = try await client.status(prefix, "g")
            #expect(status == StatusReading(
                primary: "a", pending: nil, lastDataProcessedTime: "2027-01-15T08:00:09.000Z", epoch: 1))
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func failoverStatusIsTheOldNameOfTheScore(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            let reply = try await client.heartbeat(prefix, "g", "a", #"{"FailoverStatus":80}"#)
            #expect(try reply.number("Role") == 1)
            let read = try await client.session(prefix, "g", "a")
            #expect(read[caseInsensitive: "Heartbeat"]?.number("FailoverScore") == 80)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func propertyNamesAreCaseInsensitive(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            try await client.heartbeat(prefix, "g", "a", #"{"failoverscore":42}"#)
            #expect(try await client.session(prefix, "g", "a")[caseInsensitive: "Heartbeat"]?.number("FailoverScore") == 42)
            try await client.heartbeat(
                prefix, "g", "a", #"{"FAILOVERSCORE":7,"lastDataProcessedTIME":"2027-01-15T07:00:00Z","heartbeattime":"2027-01-15T07:59:59Z"}"#)
            let heartbeat = try await client.session(prefix, "g", "a")[caseInsensitive: "Heartbeat"]
            #expect(heartbeat?.number("FailoverScore") == 7)
            #expect(heartbeat?.string("LastDataProcessedTime") == "2027-01-15T07:00:00.000Z")
            #expect(heartbeat?.string("HeartbeatTime") == "2027-01-15T07:59:59.000Z")
            #expect(try await client.status(prefix, "g").lastDataProcessedTime == "2027-01-15T07:00:00.000Z")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func scoresAtTheEdgesAreAccepted(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            for score in ["0", "100", "0.5", "99.99", "1e2"] {
                try await client.heartbeat(prefix, "g", "a", #"{"FailoverScore":\#(score)}"#)
            }
            #expect(try await client.session(prefix, "g", "a")[caseInsensitive: "Heartbeat"]?.number("FailoverScore") == 100)
        }
    }

    // MARK: The watermark

    /// The watermark is the Primary's: what it last sent, else when its last heartbeat was
    /// received. That holds from the heartbeat that made it Primary on.
    @Test(arguments: APIPrefix.allCases)
    func onlyAHeartbeatFromTheSittingPrimaryMovesTheWatermark(prefix: APIPrefix) async throws {
        try await withBaton { client in
            // The heartbeat that elects the first Primary was sent before it was Primary:
            // no Primary has processed anything yet, so there is no watermark.
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            let first = try await client.heartbeat(
                prefix, "g", "a", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:59:00Z"}"#)
            #expect(try first.number("Role") == 1)
            #expect(try first.field("LastDataProcessedTime") == .null)
            #expect(try await client.status(prefix, "g").lastDataProcessedTime == nil)
            // Its next heartbeat, as Primary, sets it.
            let second = try await client.heartbeat(
                prefix, "g", "a", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:59:30Z"}"#)
            #expect(try second.string("LastDataProcessedTime") == "2027-01-15T07:59:30.000Z")

            // A Hot secondary promoted by its own heartbeat is answered the previous
            // Primary's watermark, so it sends only data newer than that.
            try await client.register(prefix, "g", "b")
            try await client.heartbeat(prefix, "g", "b", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:00:00Z"}"#)
            await client.advance(by: .seconds(61))
            let promoted = try await client.heartbeat(
                prefix, "g", "b", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:00:00Z"}"#)
            #expect(try promoted.number("Role") == 1)
            #expect(try promoted.string("LastDataProcessedTime") == "2027-01-15T07:59:30.000Z")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func theAnswerCarriesThePrimarysWatermarkToEveryone(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            // The Primary reports what it has processed (with an offset: answered in UTC).
            let primary = try await client.heartbeat(
                prefix, "g", "a", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T09:59:30.250+02:00"}"#)
            #expect(try primary.string("LastDataProcessedTime") == "2027-01-15T07:59:30.250Z")
            // A Secondary sees the Primary's watermark, not its own.
            let secondary = try await client.heartbeat(
                prefix, "g", "b", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:00:00Z"}"#)
            #expect(try secondary.number("Role") == 0)
            #expect(try secondary.string("LastDataProcessedTime") == "2027-01-15T07:59:30.250Z")
            #expect(try await client.status(prefix, "g").lastDataProcessedTime == "2027-01-15T07:59:30.250Z")

            // Without a value, the Primary's watermark is when its heartbeat was received.
            await client.advance(by: .milliseconds(1_500))
            let bare = try await client.heartbeat(prefix, "g", "a")
            #expect(try bare.string("LastDataProcessedTime") == "2027-01-15T08:00:01.500Z")
            await client.advance(by: .seconds(1))
            let seen = try await client.heartbeat(prefix, "g", "b")
            #expect(try seen.string("LastDataProcessedTime") == "2027-01-15T08:00:01.500Z")
            #expect(try await client.status(prefix, "g").lastDataProcessedTime == "2027-01-15T08:00:01.500Z")
        }
    }

    /// Times a client sends come back to the millisecond they were sent with: a watermark
    /// answered 1 ms early would make a promoted Hot secondary send that millisecond again.
    @Test(arguments: APIPrefix.allCases)
    func clientTimesAreAnsweredToTheMillisecond(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            try await client.heartbeat(prefix, "g", "a")
            var sent: [String] = []
            var answered: [String?] = []
            var shownHeartbeatTime: [String?] = []
            var shownLastDataProcessedTime: [String?] = []
            for millisecond in ["000", "001", "002", "003", "009", "015", "022", "101", "123", "500", "999"] {
                let time = "2027-01-15T07:59:30.\(millisecond)Z"
                sent.append(time)
                let body = #"{"FailoverScore":100,"LastDataProcessedTime":"\#(time)","HeartbeatTime":"\#(time)"}"#
                answered.append(try await client.heartbeat(prefix, "g", "a", body).string("LastDataProcessedTime"))
                let heartbeat = try await client.session(prefix, "g", "a")[caseInsensitive: "Heartbeat"]
                shownHeartbeatTime.append(heartbeat?.string("HeartbeatTime"))
                shownLastDataProcessedTime.append(heartbeat?.string("LastDataProcessedTime"))
            }
            #expect(answered == sent, "heartbeat answer LastDataProcessedTime")
            #expect(shownLastDataProcessedTime == sent, "session Heartbeat.LastDataProcessedTime")
            #expect(shownHeartbeatTime == sent, "session Heartbeat.HeartbeatTime")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aSecondarysHeartbeatNeverMovesTheWatermark(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            try await client.heartbeat(prefix, "g", "a", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:30:00Z"}"#)
            await client.advance(by: .seconds(2))
            // Later, newer, or without a value at all: none of it is the Primary's.
            try await client.heartbeat(prefix, "g", "b", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:59:00Z"}"#)
            try await client.heartbeat(prefix, "g", "b")
            let status = try await client.status(prefix, "g")
            #expect(status.lastDataProcessedTime == "2027-01-15T07:30:00.000Z")
        }
    }

    // MARK: 404

    @Test(arguments: APIPrefix.allCases)
    func unknownSessionOrGroupAnswers404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.post, prefix.heartbeat("g", "a"), #"{"FailoverScore":100}"#).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.post, prefix.heartbeat("g", "a"), #"{"FailoverScore":100}"#).expectRefusal(.notFound)
            try await client.register(prefix, "g", "a")
            try await client.send(.post, prefix.heartbeat("h", "a"), #"{"FailoverScore":100}"#).expectRefusal(.notFound)
            try await client.send(.post, prefix.heartbeat("g", "A"), #"{"FailoverScore":100}"#).expectRefusal(.notFound)
            #expect(try await client.status(prefix, "g").primary == nil)
            // A removed session's heartbeat is refused, not re-registered.
            try await client.heartbeat(prefix, "g", "a")
            #expect(try await client.send(.delete, prefix.session("g", "a")).status == .noContent)
            try await client.send(.post, prefix.heartbeat("g", "a"), #"{"FailoverScore":100}"#).expectRefusal(.notFound)
            #expect(try await client.send(.get, prefix.sessions("g")).totalCount == "0")
        }
    }
}
