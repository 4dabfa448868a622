import BatonCore
import BatonJSON
import Foundation
import Testing

/// A group's history pushed over real HTTP (Server-Sent Events), resumed without a gap or a
/// duplicate, and its long-poll form.
@Suite struct EventStreamTests {
    let prefix = APIPrefix.onPremises

    func streamPath(_ group: String, after: Int? = nil) -> String {
        prefix.group(group) + "/events/stream" + (after.map { "?after=\($0)" } ?? "")
    }

    @Test func theHistoryArrivesAsItIsCommittedAndResumesWithoutGapOrDuplicate() async throws {
        try await withBaton(.live) { client in
            let port = try #require(client.client.port)
            try await client.createGroup(prefix, "g")
            let stream = try EventStreamClient(port: port, path: streamPath("g", after: 0))
            try await stream.waitForHead()
            #expect(stream.status == 200)
            #expect(stream.headers["content-type"]?.hasPrefix("text/event-stream") == true)
            let created = try await stream.events(1)
            #expect(created.map(\.name) == ["GroupCreated"])
            #expect(created.map(\.id) == ["1"])

            try await client.register(prefix, "g", "a")
            #expect(try await client.role(prefix, "g", "a") == 1)
            let live = try await stream.events(2)
            #expect(live.map(\.name) == ["SessionRegistered", "PrimaryChanged"])
            #expect(live.map(\.id) == ["2", "3"])
            let promoted = try JSONValue.parse(live[1].data)
            #expect(promoted[caseInsensitive: "To"] == .string("a"))
            #expect(promoted[caseInsensitive: "Epoch"] == .number(1))

            // Missed while away: exactly what came after the last id seen.
            try await client.register(prefix, "g", "b")
            try await client.register(prefix, "g", "c")
            let resumed = try EventStreamClient(port: port, path: streamPath("g"), headers: ["Last-Event-ID": "3"])
            let missed = try await resumed.events(2)
            #expect(missed.map(\.id) == ["4", "5"])
            #expect(try await resumed.next(within: .milliseconds(300)) == nil)
            // Without a starting point the stream begins with what happens next.
            let fromNow = try EventStreamClient(port: port, path: streamPath("g"))
            try await fromNow.waitForHead()
            try await client.send(.delete, prefix.session("g", "c"))
            #expect(try await fromNow.events(1).map(\.id) == ["6"])
            #expect(try await resumed.events(1).map(\.id) == ["6"])
        }
    }

    @Test func aStreamOfAGroupThatDoesNotExistIsRefused() async throws {
        try await withBaton(.live) { client in
            try await client.send(.get, streamPath("nothing")).expectErrorResponse(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.get, streamPath("g") + "?after=-1").expectErrorResponse(.badRequest)
            try await client.send(.get, streamPath("g") + "?after=x").expectErrorResponse(.badRequest)
        }
    }

    @Test func aLongPollAnswersAsSoonAsThereIsSomethingAfterItsPoint() async throws {
        try await withBaton(.live) { client in
            try await client.createGroup(prefix, "g")
            // Something already there: at once.
            let ready = try await client.send(.get, prefix.events("g") + "?after=0&wait=30s")
            #expect(try ready.objects().count == 1)
            // Nothing yet: waits (on a connection of its own), and answers with what a
            // concurrent request commits.
            let port = try #require(client.client.port)
            let started = ContinuousClock.now
            let poll = try EventStreamClient(port: port, path: prefix.events("g") + "?after=1&wait=30s")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await poll.plainBody(within: .milliseconds(100)) == nil)
            try await client.register(prefix, "g", "a")
            let answer = try JSONValue.parse(try #require(try await poll.plainBody()))
            guard case .array(let events) = answer else { Issue.record("\(answer)"); return }
            #expect(events.map { $0[caseInsensitive: "Type"] } == [.string("SessionRegistered")])
            #expect(ContinuousClock.now - started < .seconds(10))
            // Nothing comes: empty at the deadline.
            let empty = try await client.send(.get, prefix.events("g") + "?after=2&wait=1s")
            #expect(try empty.objects().isEmpty)
            try await client.send(.get, prefix.events("g") + "?after=0&wait=61s").expectErrorResponse(.badRequest)
        }
    }
}

/// A member told at once when it should heartbeat: the handover of a planned failover then
/// completes without waiting out a heartbeat interval.
@Suite struct MemberHintTests {
    let prefix = APIPrefix.onPremises

    @Test func theTargetOfAPlannedFailoverAndThePrimaryAreHintedAtOnce() async throws {
        try await withBaton(.live) { client in
            let port = try #require(client.client.port)
            try await client.groupWithPrimaryAndSecondary(prefix)
            let primaryHints = try EventStreamClient(port: port, path: prefix.session("g", "a") + "/hints")
            let targetHints = try EventStreamClient(port: port, path: prefix.session("g", "b") + "/hints")
            try await primaryHints.waitForHead()
            try await targetHints.waitForHead()
            let accepted = try await client.send(.post, prefix.group("g") + "/failover", #"{"TargetSessionId":"b"}"#)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            // Each hint comes twice: as the change is being committed (no id: not history yet),
            // then committed, with its sequence as the id.
            let stepDown = try await primaryHints.events(2)
            #expect(stepDown.map(\.name) == ["hint", "hint"])
            #expect(try stepDown.map { try JSONValue.parse($0.data)[caseInsensitive: "Hint"] } == [.string("StepDown"), .string("StepDown")])
            try #require(stepDown.count == 2)
            #expect(stepDown[0].id == nil && stepDown[1].id != nil)
            let chosen = try await targetHints.events(2)
            #expect(try chosen.map { try JSONValue.parse($0.data)[caseInsensitive: "Hint"] } == [.string("Chosen"), .string("Chosen")])
            try #require(chosen.count == 2)
            #expect(chosen[0].id == nil && chosen[1].id != nil)
            // The hint is not the grant: the role still comes from the heartbeats.
            #expect(try await client.status(prefix, "g").primary == "a")
            #expect(try await client.role(prefix, "g", "a") == 0)
            let promoted = try await targetHints.events(2)
            #expect(try promoted.map { try JSONValue.parse($0.data)[caseInsensitive: "Hint"] } == [.string("Promoted"), .string("Promoted")])
            try #require(promoted.count == 2)
            #expect(promoted[0].id == nil && promoted[1].id != nil)
            #expect(try await client.role(prefix, "g", "b") == 1)
        }
    }

    @Test func aHintStreamOfAnUnknownSessionIsRefused() async throws {
        try await withBaton(.live) { client in
            try await client.createGroup(prefix, "g")
            try await client.send(.get, prefix.session("g", "ghost") + "/hints").expectErrorResponse(.notFound)
        }
    }
}

/// Every group of a namespace on one stream: a snapshot, then each group's history.
@Suite struct NamespaceStreamTests {
    let prefix = APIPrefix.onPremises

    @Test func itOpensWithASnapshotThenCarriesEveryGroupIncludingNewOnes() async throws {
        try await withBaton(.live) { client in
            let port = try #require(client.client.port)
            try await client.groupWithPrimaryAndSecondary(prefix, group: "g1")
            let stream = try EventStreamClient(port: port, path: prefix.rawValue + "/events/stream")
            let snapshot = try #require(try await stream.next())
            #expect(snapshot.name == "snapshot")
            let groups = try JSONValue.parse(snapshot.data)[caseInsensitive: "Groups"]
            guard case .array(let list)? = groups, let first = list.first else { Issue.record("\(snapshot.data)"); return }
            #expect(list.count == 1)
            #expect(first[caseInsensitive: "GroupId"] == .string("g1"))
            #expect(first[caseInsensitive: "Primary"] == .string("a"))
            #expect(first[caseInsensitive: "LastSequence"] == .number(4))

            try await client.createGroup(prefix, "g2")
            try await client.register(prefix, "g1", "c")
            let next = try await stream.events(2)
            #expect(next.map(\.id) == ["g2:1", "g1:5"])
            #expect(next.map(\.name) == ["GroupCreated", "SessionRegistered"])
            #expect(try JSONValue.parse(next[0].data)[caseInsensitive: "GroupId"] == .string("g2"))
        }
    }
}
