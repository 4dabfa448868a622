import BatonCore
@testable import BatonStore
import BatonTestSupport
import Logging
import PostgresNIO
import Testing

/// A statement sent in the moment its connection is closing must fail, not wait for ever.
/// PostgresNIO drops a statement written to a channel that finished closing between the
/// caller's check and its write (the statement's answer never comes); a CI run hung on it for
/// 25 minutes, in `PostgresCallLimitTests`: the call limit closed a connection under a
/// statement, and the ROLLBACK that followed was sent as the connection finished closing.
@Suite(.needsPostgres)
struct ClosingConnectionRaceTests {
    @Test(.timeLimit(.minutes(2)))
    func aStatementSentAsItsConnectionClosesFailsInsteadOfWaiting() async throws {
        guard let url = TestPostgres.serverURL else { throw TestPostgres.Missing() }
        let configuration = try PostgresURL(url).connectionConfiguration()
        let logger = TestPostgres.logger
        var unanswered = 0
        for round in 0..<400 {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(configuration: configuration, id: round, logger: logger)
            } catch {
                Issue.record("round \(round): \(String(reflecting: error))")
                return
            }
            // The statement after the failed one goes out at once, as a ROLLBACK does; the
            // close comes from elsewhere, as the call limit's does.
            let followUp = Task<Bool, Never> {
                do { try await connection.guardedRun("SELECT pg_sleep(0.2)", logger: logger) } catch {}
                // Several at once, to widen the window the race needs.
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<4 {
                        group.addTask { do { try await connection.guardedRun("SELECT 1", logger: logger) } catch {} }
                    }
                }
                return true
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...5)))
            try? await connection.close()
            if await !Self.ends(followUp, within: .seconds(3)) { unanswered += 1 }
        }
        #expect(unanswered == 0, "\(unanswered) of 400 statements sent as their connection closed never ended")
    }

    /// Whether `task` ends within `limit`; a task that never does is left behind.
    static func ends(_ task: Task<Bool, Never>, within limit: Duration) async -> Bool {
        let claimed = FirstOfTwo()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            Task {
                _ = await task.value
                if claimed.claim() { continuation.resume(returning: true) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if claimed.claim() { continuation.resume(returning: false) }
            }
        }
    }
}
