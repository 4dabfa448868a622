import BatonClient
import BatonJSON
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

    @Test func historyFollowResumesWithoutAGapWhenTheServerRestarts() async throws {
        try await LiveServer.with { first in
            try await first.withClient { client in try await client.makeGroup("line-1", sessions: ["a"]) }
            let follower = try await first.batonInBackground(["history", "line-1", "--follow", "-o", "json"])
            defer { follower.send(.kill) }
            try await eventually("the history is shown") { follower.output.contains("SessionRegistered") }

            await first.shutDownKeepingData()
            try await eventually("the follower notices") { follower.output.contains("resuming after event") }
            let second = try await LiveServer(port: first.port, directory: first.directory)
            try await second.withClient { client in
                try await client.pause("line-1", reason: "after the restart")
                try await client.resume("line-1")
            }
            try await eventually("the events after the restart are followed") { follower.output.contains("GroupResumed") }
            await second.shutDownKeepingData()

            let sequences = follower.output.split(separator: "\n").compactMap { line -> Int? in
                guard line.hasPrefix("{"), let event = try? JSONValue.parse(String(line)),
                      case .number(let sequence)? = event["Sequence"] else { return nil }
                return Int(sequence)
            }
            // Every event once, in order, across the restart.
            #expect(sequences == Array(1...sequences.count), "\(follower.output)")
            #expect(follower.isRunning)
        }
    }
}
