import BatonCore
import BatonServer
import Foundation
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

/// The stores a conformance test runs on.
enum StoreKind: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when the test script started a server, and always under CI
    /// (where a missing server must fail the run, not quietly skip half the suite).
    static var available: [StoreKind] {
        TestPostgres.serverURL != nil || TestPostgres.required ? [.sqlite, .postgres] : [.sqlite]
    }

    /// A fresh Baton on this kind of store.
    func baton() async throws -> TestBaton {
        switch self {
        case .sqlite: return TestBaton()
        case .postgres: return TestBaton(postgresURL: try await TestPostgres.freshDatabase())
        }
    }
}

/// The throwaway PostgreSQL server `scripts/test.sh` starts (`BATON_TEST_POSTGRES_URL`).
enum TestPostgres {
    static var serverURL: String? { ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES_URL"] }
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "BATON_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, which starts PostgreSQL" }
    }

    /// Creates an empty database on the test server and answers its URL.
    static func freshDatabase() async throws -> String {
        guard let serverURL, let components = URLComponents(string: serverURL) else { throw Missing() }
        let name = "baton_c_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
            username: components.user ?? "baton", password: components.password,
            database: String(components.path.dropFirst()).isEmpty ? "postgres" : String(components.path.dropFirst()),
            tls: .disable)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "baton-test-postgres"))
        do {
            try await connection.query("CREATE DATABASE \(unescaped: name)", logger: Logger(label: "baton-test-postgres"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        var database = components
        database.path = "/" + name
        return database.string!
    }
}

/// Runs `body` against a fresh Baton on `store`.
func withBaton<Result>(
    on store: StoreKind, _ body: @Sendable (TestBaton.Client) async throws -> Result
) async throws -> Result {
    let baton = try await store.baton()
    defer { baton.removeFiles() }
    return try await baton.run(.router, body)
}

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
