import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import Testing

/// `GET …/groups/{id}/status` and Baton's `GET …/groups/{id}/events`, under every prefix.
@Suite struct StatusAndEventsEndpointTests {
    // MARK: Status

    @Test(arguments: APIPrefix.allCases)
    func aNewGroupsStatusIsAllNullAtEpoch0(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            let reply = try await client.send(.get, prefix.status("g"))
            #expect(reply.status == .ok)
            guard case .object(let members) = try reply.json else { Issue.record("not an object: \(reply.text)"); return }
            #expect(Set(members.keys) == ["Primary", "PendingPrimary", "LastDataProcessedTime", "Epoch", "Paused", "Pause"])
            #expect(members["Paused"] == .bool(false))
            #expect(members["Pause"] == .null)
            #expect(members["Primary"] == .null)
            #expect(members["PendingPrimary"] == .null)
            #expect(members["LastDataProcessedTime"] == .null)
            #expect(members["Epoch"] == .number(0))
            // Registration alone elects nobody.
            try await client.register(prefix, "g", "a")
            let registered = try await client.status(prefix, "g")
            #expect(registered == StatusReading(primary: nil, pending: nil, lastDataProcessedTime: nil, epoch: 0))
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func statusShowsThePrimaryItsWatermarkAndTheEpoch(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            try await client.heartbeat(prefix, "g", "a", #"{"FailoverScore":90,"LastDataProcessedTime":"2027-01-15T07:45:00Z"}"#)
            let status = try await client.status(prefix, "g")
            #expect(status == StatusReading(
                primary: "a", pending: nil, lastDataProcessedTime: "2027-01-15T07:45:00.000Z", epoch: 1))
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func statusOfAnUnknownGroupAnswers404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.get, prefix.status("g")).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.get, prefix.status("G")).expectRefusal(.notFound)
            #expect(try await client.send(.delete, prefix.group("g")).status == .noContent)
            try await client.send(.get, prefix.status("g")).expectRefusal(.notFound)
        }
    }

    // MARK: Events

    @Test(arguments: APIPrefix.allCases)
    func eventsAreTheGroupsHistoryInOrder(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            await client.advance(by: .seconds(1))
            try await client.register(prefix, "g", "a")
            try await client.register(prefix, "g", "b")
            await client.advance(by: .seconds(1))
            try await client.heartbeat(prefix, "g", "a")
            try await client.heartbeat(prefix, "g", "b")

            let reply = try await client.send(.get, prefix.events("g"))
            #expect(reply.status == .ok)
            #expect(reply.totalCount == "4")
            let events = try reply.objects()
            #expect(events.map { $0.number("Sequence") } == [1, 2, 3, 4])
            #expect(events.map { $0.string("Type") } == ["GroupCreated", "SessionRegistered", "SessionRegistered", "PrimaryChanged"])
            #expect(events.map { $0.string("Time") } == [
                startWallTime, "2027-01-15T08:00:01.000Z", "2027-01-15T08:00:01.000Z", "2027-01-15T08:00:02.000Z",
            ])
            #expect(events.map { $0.string("To") } == [nil, "a", "b", "a"])
            #expect(events.map { $0.number("Epoch") } == [0, 0, 0, 1])
            for event in events {
                for key in ["Sequence", "Time", "Type", "From", "To", "Epoch", "Reason"] {
                    #expect(event[caseInsensitive: key] != nil, "event lacks \(key): \(event.jsonText)")
                }
                #expect(event.string("Reason")?.isEmpty == false)
            }
            let promotion = events.last
            #expect(promotion?[caseInsensitive: "From"] == .null)
            #expect(promotion?.string("Reason") == "elected")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func eventsArePaged(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            for id in ["a", "b", "c", "d"] { try await client.register(prefix, "g", id) }
            // 1 GroupCreated + 4 SessionRegistered.
            let page = try await client.send(.get, prefix.events("g") + "?skip=1&count=2")
            #expect(page.status == .ok)
            #expect(page.totalCount == "5")
            #expect(try page.objects().map { $0.number("Sequence") } == [2, 3])
            #expect(try page.objects().map { $0.string("To") } == ["a", "b"])

            let tail = try await client.send(.get, prefix.events("g") + "?skip=3")
            #expect(try tail.objects().map { $0.number("Sequence") } == [4, 5])
            #expect(tail.totalCount == "5")
            let beyond = try await client.send(.get, prefix.events("g") + "?skip=9&count=5")
            #expect(try beyond.objects().isEmpty)
            #expect(beyond.totalCount == "5")
            let none = try await client.send(.get, prefix.events("g") + "?count=0")
            #expect(try none.objects().isEmpty)

            for query in ["count=1001", "count=-1", "skip=-1", "skip=x"] {
                try await client.send(.get, prefix.events("g") + "?" + query).expectRefusal(.badRequest)
            }
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func eventsDefaultTo100(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            for index in 0..<100 {
                let reply = try await client.send(.post, prefix.sessions("g"), #"{"Id":"s\#(index)"}"#)
                #expect(reply.status == .created)
            }
            let first = try await client.send(.get, prefix.events("g"))
            #expect(first.totalCount == "101")
            #expect(try first.objects().count == 100)
            #expect(try first.objects().last?.number("Sequence") == 100)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func eventsOfAnUnknownGroupAnswer404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.get, prefix.events("g")).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.get, prefix.events("G")).expectRefusal(.notFound)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aDeletedGroupsHistoryGoesWithItButItsNumberingAndEpochGoOn(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a")
            try await client.heartbeat(prefix, "g", "a")  // GroupCreated, SessionRegistered, PrimaryChanged (epoch 1)
            await client.advance(by: .seconds(11))  // a's lease is over: no fence
            #expect(try await client.send(.delete, prefix.session("g", "a")).status == .noContent)
            #expect(try await client.send(.delete, prefix.group("g")).status == .noContent)
            try await client.send(.get, prefix.events("g")).expectRefusal(.notFound)

            try await client.createGroup(prefix, "g")
            let reply = try await client.send(.get, prefix.events("g"))
            #expect(reply.totalCount == "1")
            #expect(try reply.objects().map { $0.string("Type") } == ["GroupCreated"])
            // PrimaryChanged to nobody and SessionRemoved were 4 and 5.
            #expect(try reply.objects().first?.number("Sequence") == 6, "a sequence number is never used twice at an address")
            #expect(try await client.status(prefix, "g").epoch == 1, "an epoch never goes back at an address")
            try await client.register(prefix, "g", "b")
            let answer = try await client.heartbeat(prefix, "g", "b")
            #expect(try answer.number("Role") == 1)
            #expect(try answer.number("Epoch") == 2)
        }
    }
}
