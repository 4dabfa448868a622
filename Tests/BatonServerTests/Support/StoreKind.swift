import BatonServer
import BatonTestSupport
import Testing

/// The stores a conformance test runs on.
enum StoreKind: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when the test script started a server, and always under CI
    /// (where a missing server must fail the run, not quietly skip half the suite).
    static var available: [StoreKind] {
        TestPostgres.enabled ? [.sqlite, .postgres] : [.sqlite]
    }

    /// A fresh Baton on this kind of store.
    func baton() async throws -> TestBaton {
        switch self {
        case .sqlite: return TestBaton()
        case .postgres: return TestBaton(postgresURL: try await TestPostgres.freshDatabase())
        }
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
