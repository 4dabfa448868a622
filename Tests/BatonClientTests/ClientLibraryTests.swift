import BatonClient
import Foundation
import Testing

/// What the CLI does not show directly but the library promises: the long poll, the typed
/// event stream, and the refusal fields of both error shapes.
@Suite struct ClientLibraryTests {
    @Test func longPollAnswersWithTheNextEventAndTheStreamDeliversIt() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("g", sessions: ["a"])
                let last = try await client.recentEvents(of: "g", count: 1).last?.sequence ?? 0
                let stream = try await client.eventStream(of: "g", after: last)
                async let polled = client.events(of: "g", after: last, wait: .seconds(20))
                try await Task.sleep(for: .milliseconds(300))
                try await client.pause("g", reason: "poll")

                let answer = try await polled
                #expect(answer.map(\.type) == ["GroupPaused"])
                #expect(answer.first?.detail == "poll")
                var iterator = stream.makeAsyncIterator()
                let streamed = try await iterator.next()
                #expect(streamed == answer.first)

                // Nothing new: the long poll runs out empty.
                let empty = try await client.events(of: "g", after: answer[0].sequence, wait: .seconds(1))
                #expect(empty.isEmpty)
            }
        }
    }

    @Test func theChosenMemberIsHintedToHeartbeatNow() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("g", sessions: ["a", "b"], timeout: "00:00:30")
                _ = try await client.heartbeat("a", in: "g", Heartbeat(failoverScore: 100))
                _ = try await client.heartbeat("b", in: "g", Heartbeat(failoverScore: 100))
                let hints = try await client.hintStream(for: "b", in: "g")
                let task = try await client.requestFailover(of: "g", FailoverRequest(targetSessionID: "b"))
                #expect(task.targetSessionID == "b")

                var iterator = hints.makeAsyncIterator()
                let hint = try #require(try await iterator.next())
                #expect(hint.hint == "Chosen")
                #expect(hint.action == "HeartbeatNow")
                #expect(hint.event == "HandoverStarted")
                // The hint grants nothing; b's heartbeat brings the role once a has stepped down.
                #expect(try await client.heartbeat("b", in: "g", Heartbeat(failoverScore: 100)).role == .pendingPrimary)
            }
        }
    }

    @Test func refusalsCarryTheFieldsOfTheirAPIsErrorShape() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("g", sessions: ["a"])
                let conflict = try await #require(throws: BatonAPIError.self) { try await client.requestFailover(of: "g") }
                #expect(conflict.status == 409)
                #expect(conflict.code == "NoLiveStandby")
                #expect(conflict.error?.isEmpty == false)
                #expect(conflict.resolution?.isEmpty == false)
                #expect(conflict.operationID?.isEmpty == false)

                let hcx = try await #require(throws: BatonAPIError.self) { try await client.haGroup("nowhere") }
                #expect(hcx.status == 404)
                #expect(hcx.code == "NotFound")
                #expect(!hcx.reason.isEmpty && hcx.reason != "Not Found")

                let token = try await #require(throws: BatonAPIError.self) {
                    try await client.requestToken(clientID: "nobody", secret: "wrong")
                }
                #expect(token.status == 401)
                #expect(token.code == "invalid_client")
            }
        }
    }
}
