import BatonCore
import BatonServer
import BatonTestSupport
import HummingbirdTesting
import Testing

/// Runs `body` with a client for each of two instances on one fresh database: each has its
/// own coordinator and connections, both share a TestClock as they share the database clock.
func withTwoInstances(
    _ setup: TestingSetup = .router, _ body: @Sendable (TestBaton.Client, TestBaton.Client) async throws -> Void
) async throws {
    let url = try await TestPostgres.freshDatabase()
    let clock = TestClock()
    let first = TestBaton(postgresURL: url, clock: clock)
    let second = TestBaton(postgresURL: url, clock: clock)
    try await first.run(setup) { one in
        try await second.run(setup) { two in try await body(one, two) }
    }
}
