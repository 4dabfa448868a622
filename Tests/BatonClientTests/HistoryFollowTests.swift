import BatonClient
import Foundation
import Testing

/// `baton history GROUP --follow` prints what is committed after it started, from the stream.
@Suite struct HistoryFollowTests {
    @Test func historyFollowSeesANewEvent() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("line-1", sessions: ["a"])
                let follower = try await server.batonInBackground(["history", "line-1", "--follow"])
                defer { follower.send(.kill) }
                try await eventually("the history is shown") { follower.output.contains("SessionRegistered") }
                #expect(!follower.output.contains("GroupPaused"))

                try await client.pause("line-1", reason: "follow me")
                try await eventually("the pause is followed") { follower.output.contains("GroupPaused") }
                let line = follower.output.split(separator: "\n").first { $0.contains("GroupPaused") }
                #expect(line?.contains("follow me") == true, "\(follower.output)")
                #expect(follower.isRunning)
                _ = try await follower.terminate()
            }
        }
    }
}
