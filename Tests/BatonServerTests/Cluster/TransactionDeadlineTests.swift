import BatonStore
import Testing
@testable import BatonServer

/// A shared-store transaction that never ends must not hold the instance's transaction slot
/// for ever (seen in a fault run: after a PostgreSQL outage one instance answered no group
/// operation again).
@Suite struct TransactionDeadlineTests {
    @Test func workThatNeverEndsIsAbandonedWithAnUnknownOutcome() async throws {
        let started = ContinuousClock.now
        await #expect(throws: SharedStoreError.self) {
            try await SharedCoordinator.withinDeadline(.milliseconds(100)) { () async throws -> Int in
                // Ignores cancellation, as a stuck driver call would; ends long after the deadline.
                while started.duration(to: .now) < .seconds(3) { try? await Task.sleep(for: .milliseconds(10)) }
                return 0
            }
        }
        #expect(started.duration(to: .now) < .seconds(2))
    }

    @Test func workThatEndsInTimeAnswersItsOwnResult() async throws {
        #expect(try await SharedCoordinator.withinDeadline(.seconds(5)) { 42 } == 42)
        await #expect(throws: SharedStoreError.conflict("x")) {
            try await SharedCoordinator.withinDeadline(.seconds(5)) { () async throws -> Int in throw SharedStoreError.conflict("x") }
        }
    }
}
