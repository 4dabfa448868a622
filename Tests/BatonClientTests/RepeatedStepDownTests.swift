@testable import BatonClient
import Foundation
import Testing

/// A StepDown hint may come twice (as its change is committed and once committed, or again
/// after a reconnect). The second must not undo the first: the demotion still waits for the
/// guarded work to end. Found by `RunCommandTests` in CI: the second hint cleared the yield, the
/// demotion went out at once and the next member's command started while this one's was still
/// stopping.
@Suite struct RepeatedStepDownTests {
    @Test func aStepDownHintThatComesAgainKeepsTheYield() async throws {
        try await HeartbeatAgentTests.withManualAgent { _, _, agent, _, recorder in
            _ = try await recorder.nextAnswer()
            try await recorder.nextPrimaryState()
            #expect(agent.isPrimary)
            agent.yieldRole()
            #expect(!agent.isPrimary)
            #expect(agent.control.withLock { $0.yielding })
            agent.yieldRole()
            #expect(agent.control.withLock { $0.yielding }, "the second StepDown undid the first")
        }
    }
}
