import BatonCore
@testable import BatonStore
import BatonTestSupport
import Logging
import PostgresNIO
import Testing

/// A statement sent on a connection that is already closed must fail, not wait for ever.
@Suite(.needsPostgres)
struct ClosedConnectionTests {
    @Test(.timeLimit(.minutes(1)))
    func aStatementOnAClosedConnectionFails() async throws {
        guard let url = TestPostgres.serverURL else { throw TestPostgres.Missing() }
        let configuration = try PostgresURL(url).connectionConfiguration()
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 9, logger: TestPostgres.logger)
        try await connection.close()
        let started = ContinuousClock.now
        await #expect(throws: (any Error).self) {
            _ = try await connection.guardedQuery("SELECT 1", logger: TestPostgres.logger)
        }
        #expect(ContinuousClock.now - started < .seconds(2))
    }
}
