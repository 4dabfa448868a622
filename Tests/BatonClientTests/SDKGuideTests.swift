import BatonClient
import Foundation
import Testing

/// The complete member of docs/sdk.md, word for word but for the server's address, run
/// against a real server: it becomes Primary and writes with its epoch.
@Suite struct SDKGuideTests {
    enum Sources {
        static var healthy: Bool { get async { true } }

        static func readings() -> AsyncThrowingStream<Int, any Error> {
            AsyncThrowingStream { continuation in
                let task = Task {
                    var reading = 0
                    while !Task.isCancelled {
                        reading += 1
                        continuation.yield(reading)
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
    }

    enum Historian {
        static let writes = Locked<[(reading: Int, epoch: Int)]>([])

        static func write(_ reading: Int, epoch: Int) async throws {
            writes.withLock { $0.append((reading, epoch)) }
        }
    }

    // From docs/sdk.md, "A complete member" (main's body).
    static func member(server: String) async throws {
        try await BatonClient.withClient(BatonClientConfiguration(server: server)) { client in
            let agent = HeartbeatAgent(
                client: client, group: "line-1", session: "collector-a",
                options: .init(groupConfiguration: GroupConfiguration(id: "line-1", failoverTimeout: "00:00:10"))
            ) { await Sources.healthy ? 100 : 0 }          // the score, asked before each heartbeat
            try await withThrowingDiscardingTaskGroup { tasks in
                tasks.addTask { try await agent.run() }    // register, heartbeat, keep the lease
                while true {
                    do {
                        try await agent.withPrimaryRole { epoch in      // runs only while Primary
                            for try await reading in Sources.readings() {
                                guard agent.epoch == epoch else { return }       // check before every write
                                try await Historian.write(reading, epoch: epoch) // it refuses lower epochs
                            }
                        }
                    } catch HeartbeatAgentError.roleLost {
                        continue                           // cancelled at the loss; wait for the next term
                    }
                }
            }
        }
    }

    @Test func theGuidesMemberBecomesPrimaryAndWritesWithItsEpoch() async throws {
        try await LiveServer.with { server in
            let member = Task { try await Self.member(server: server.url) }
            defer { member.cancel() }
            try await eventually("the member writes") { Historian.writes.value.count >= 3 }
            member.cancel()
            _ = await member.result
            let status = try await server.withClient { client in try await client.status(of: "line-1") }
            #expect(status.primary == "collector-a")
            #expect(Set(Historian.writes.value.map(\.epoch)) == [status.epoch])
        }
    }
}
