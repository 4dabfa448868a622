import BatonClient
import BatonTestSupport
import Foundation
import Testing

/// Two instances of one shared-mode deployment (`baton serve --postgres-url`, one database):
/// when the instance an agent talks to goes away, the same heartbeat goes to the other at
/// once, and the role holds without a gap, with the same epoch.
@Suite(.enabled(if: TestPostgres.enabled, TestPostgres.skipComment))
struct HeartbeatAgentSharedModeTests {
    @Test func anInstanceGoingAwayDoesNotCostTheRole() async throws {
        try await TestPostgres.withFreshDatabase { database in
            try await LiveServer.with(arguments: ["--postgres-url", database]) { first in
                try await LiveServer.with(arguments: ["--postgres-url", database]) { second in
                    try await first.withMemberClient { one in
                        try await second.withMemberClient { two in
                            try await one.makeGroup("g", sessions: [], timeout: "00:00:10")
                            let clock = ManualClock()
                            let recorder = AgentRecorder()
                            let agent = HeartbeatAgent(
                                clients: [one, two], group: "g", session: "a",
                                options: .init(followsHints: false, jitter: 0, observer: recorder.observer), clock: clock) { 100 }
                            try await running(agent) {
                                let (answer, sent) = try await recorder.nextAnswer()
                                #expect(answer.role == .primary)
                                await first.crash()
                                clock.advance(to: sent + .seconds(5))
                                let (again, resent) = try await recorder.nextAnswer()
                                #expect(resent == sent + .seconds(5))
                                #expect(again.role == .primary)
                                #expect(again.epoch == answer.epoch)
                                #expect(agent.epoch == answer.epoch)
                                #expect(agent.deadline == resent + .seconds(9))
                                #expect(recorder.all.contains { activity in
                                    if case .heartbeatFailed(_, _, let server) = activity { return server == first.url }
                                    return false
                                })
                                // The role never lapsed: one Primary state, never a Secondary one.
                                #expect(recorder.stateChanges.map(\.state) == [.primary(epoch: answer.epoch, deadline: sent + .seconds(9))])
                            }
                        }
                    }
                }
            }
        }
    }
}
