import BatonCore
@testable import BatonStore
import BatonTestSupport
import Testing

/// A statement whose answer never comes must not hold its connection, and its caller, for
/// ever: past the call limit the connection is closed and the call fails.
@Suite(.needsPostgres)
struct PostgresCallLimitTests {
    @Test func aCallPastItsLimitHasItsConnectionClosedAndFails() async throws {
        guard let url = TestPostgres.serverURL else { throw TestPostgres.Missing() }
        let store = try await PostgresStore.open(url: url, logger: TestPostgres.logger, migrate: false,
                                                 callLimit: .seconds(1))
        let started = ContinuousClock.now
        await #expect(throws: SharedStoreError.self) {
            try await store.transaction { transaction in
                _ = try await (transaction as! PostgresTransaction).rows("SELECT pg_sleep(30)")
            }
        }
        let took = ContinuousClock.now - started
        #expect(took >= .seconds(1) && took < .seconds(5), "took \(took)")
        // The store goes on: the next call gets a healthy connection.
        let one = try await store.transaction { transaction in
            try await (transaction as! PostgresTransaction).rows("SELECT 1").first?.decode(Int.self)
        }
        #expect(one == 1)
        await store.shutdown()
    }

    @Test func aCallWithinItsLimitIsLeftAlone() async throws {
        guard let url = TestPostgres.serverURL else { throw TestPostgres.Missing() }
        let store = try await PostgresStore.open(url: url, logger: TestPostgres.logger, migrate: false,
                                                 callLimit: .seconds(2))
        try await store.transaction { transaction in
            _ = try await (transaction as! PostgresTransaction).rows("SELECT pg_sleep(1)")
        }
        await store.shutdown()
    }
}
