import Foundation
import Logging
import PostgresNIO
import Testing

/// The throwaway PostgreSQL server that `scripts/postgres.sh start` (and so `scripts/test.sh`)
/// provides through `BATON_TEST_POSTGRES_URL`: the one place every test target asks for it.
///
/// The rule: tests that need PostgreSQL run when the URL is set, and always under CI (`CI` set),
/// where a missing server must fail them (`Missing`) instead of quietly skipping half the
/// suite. Anywhere else they are skipped with `skipComment` as the reason.
public enum TestPostgres {
    /// The server's URL, when one was started.
    public static var serverURL: String? {
        guard let url = ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Whether tests that need PostgreSQL run (see the rule above).
    public static var enabled: Bool { serverURL != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    /// Why they were skipped.
    public static let skipComment: Comment =
        "needs BATON_TEST_POSTGRES_URL: start a server with eval \"$(scripts/postgres.sh start)\" or run scripts/test.sh"

    public static let logger: Logger = {
        var logger = Logger(label: "baton-test-postgres")
        logger.logLevel = .warning
        return logger
    }()

    public struct Missing: Error, CustomStringConvertible {
        public init() {}

        public var description: String {
            "BATON_TEST_POSTGRES_URL is not set: start a server with eval \"$(scripts/postgres.sh start)\" or run scripts/test.sh"
        }
    }

    /// Creates an empty database on the test server and answers its URL. It is left on the
    /// server (which `scripts/postgres.sh stop` throws away); `withFreshDatabase` drops it.
    public static func freshDatabase(prefix: String = "baton_c_") async throws -> String {
        guard let serverURL else { throw Missing() }
        return try await freshDatabase(on: serverURL, prefix: prefix)
    }

    /// Creates an empty database on the server at `serverURL` and answers its URL.
    public static func freshDatabase(on serverURL: String, prefix: String = "baton_c_") async throws -> String {
        guard let components = URLComponents(string: serverURL) else { throw Missing() }
        let name = prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await maintenance(components) { connection in
            try await connection.query("CREATE DATABASE \(unescaped: name)", logger: logger)
        }
        var database = components
        database.path = "/" + name
        return database.string!
    }

    /// Runs `body` with the URL of a new, empty database on the test server, dropped afterwards
    /// (with `FORCE`: connections `body` left open do not keep it).
    public static func withFreshDatabase<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        let url = try await freshDatabase(prefix: "baton_t_")
        let name = String(URLComponents(string: url)!.path.dropFirst())
        let result: Result
        do {
            result = try await body(url)
        } catch {
            try? await dropDatabase(name)
            throw error
        }
        try? await dropDatabase(name)
        return result
    }

    private static func dropDatabase(_ name: String) async throws {
        guard let serverURL, let components = URLComponents(string: serverURL) else { throw Missing() }
        try await maintenance(components) { connection in
            try await connection.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
        }
    }

    /// One connection to the server's own database (the URL's), closed afterwards.
    private static func maintenance(
        _ components: URLComponents, _ body: (PostgresConnection) async throws -> Void
    ) async throws {
        let path = String(components.path.dropFirst())
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
            username: components.user ?? "baton", password: components.password,
            database: path.isEmpty ? "postgres" : path, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await body(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

/// A PostgreSQL server of one test's own, from `scripts/postgres.sh start`, for the tests that
/// stop and start the database: the shared server stays up for every other test meanwhile
/// (the tests run in parallel). Needs what the shared one needs (`TestPostgres.enabled`);
/// `scripts/postgres.sh` installs PostgreSQL when it is missing.
public final class PrivateTestPostgres: Sendable {
    /// The maintenance database's URL, as `BATON_TEST_POSTGRES_URL` would be.
    public let serverURL: String
    /// The export lines of `scripts/postgres.sh start`, which its other commands read.
    private let environment: [String: String]

    private init(serverURL: String, environment: [String: String]) {
        self.serverURL = serverURL
        self.environment = environment
    }

    /// Starts a server, runs `body` with it, and throws the server away.
    public static func with<Result>(_ body: (PrivateTestPostgres) async throws -> Result) async throws -> Result {
        let started = try await script("start", environment: [:])
        var environment: [String: String] = [:]
        for line in started.output.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            environment[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        guard let url = environment["BATON_TEST_POSTGRES_URL"] else {
            throw RunningProcess.Failure("scripts/postgres.sh start printed no URL:\n\(started.all)")
        }
        let server = PrivateTestPostgres(serverURL: url, environment: environment)
        let result: Result
        do {
            result = try await body(server)
        } catch {
            _ = try? await script("stop", environment: environment)
            throw error
        }
        try await script("stop", environment: environment)
        return result
    }

    /// Creates an empty database on this server and answers its URL.
    public func freshDatabase() async throws -> String {
        try await TestPostgres.freshDatabase(on: serverURL)
    }

    /// Stops the server (fast shutdown), keeping its data.
    public func stopServer() async throws {
        try await Self.script("stop-server", environment: environment)
    }

    /// Starts it again on the same port.
    public func startServer() async throws {
        try await Self.script("start-server", environment: environment)
    }

    /// Runs `scripts/postgres.sh <command>` (from the package's directory, where `swift test`
    /// runs) with the server's variables set.
    @discardableResult
    private static func script(_ command: String, environment: [String: String]) async throws -> TestProcess.Outcome {
        let outcome = try await TestProcess.run(
            "/bin/bash", [FileManager.default.currentDirectoryPath + "/scripts/postgres.sh", command],
            environment: environment.mapValues { Optional($0) })
        guard outcome.status == 0 else {
            throw RunningProcess.Failure("scripts/postgres.sh \(command) exited with \(outcome.status):\n\(outcome.errors)")
        }
        return outcome
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a suite or test only where PostgreSQL is there or required (`TestPostgres.enabled`).
    public static var needsPostgres: Self {
        .enabled(if: TestPostgres.enabled, TestPostgres.skipComment)
    }
}
