import BatonCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The store several Baton instances share: PostgreSQL through a pool of connections.
///
/// Every failure to reach the database surfaces as `SharedStoreError.unavailable` within
/// `connectionWait` (the pool itself would keep a request waiting for a minute while the
/// server is down), so an HTTP request gets a 503 instead of hanging.
public final class PostgresStore: SharedStore, PrincipalStore {
    /// How long a request waits for a connection before the database counts as unavailable.
    public static let connectionWait: Duration = .seconds(5)

    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=disable|require`)
    /// and brings the schema up to date. Throws `PostgresURL.Invalid` for a malformed URL and
    /// `SharedStoreError.unavailable` when the database cannot be reached in time.
    public static func open(url: String, logger: Logger) async throws -> PostgresStore {
        try await open(url: url, logger: logger, migrate: true)
    }

    /// `migrate: false` only for tests that need a store without a reachable database.
    static func open(url: String, logger: Logger, migrate: Bool) async throws -> PostgresStore {
        let location = try PostgresURL(url)
        var configuration = location.configuration()
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.additionalStartupParameters = [
            ("application_name", "baton"),
            // A transaction left open by an instance that hangs must not hold group locks forever.
            ("idle_in_transaction_session_timeout", "60s"),
        ]
        let store = PostgresStore(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
        guard migrate else { return store }
        do {
            try await store.leased { connection in try await PostgresSchema.migrate(connection, logger: logger) }
        } catch {
            await store.shutdown()
            throw error
        }
        logger.debug("shared store ready", metadata: [
            "host": "\(location.host)", "port": "\(location.port)", "database": "\(location.database)",
        ])
        return store
    }

    /// Stops the pool and closes every connection.
    public func shutdown() async {
        running.cancel()
        await running.value
    }

    public func transaction<Result: Sendable>(
        _ body: @Sendable (any SharedTransaction) async throws -> Result
    ) async throws -> Result {
        let logger = logger
        return try await leased { connection in
            let transaction = PostgresTransaction(connection: connection, logger: logger)
            try await connection.query("BEGIN ISOLATION LEVEL READ COMMITTED", logger: logger)
            let result: Result
            do {
                result = try await body(transaction)
                guard !transaction.failed.value.withLock({ $0 }) else {
                    throw SharedStoreError.unavailable("a statement of the transaction failed; it was rolled back")
                }
            } catch {
                await Self.rollBack(connection, logger: logger)
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }

    /// A connection whose ROLLBACK fails is closed, so the pool never lends it out again
    /// inside a transaction.
    private static func rollBack(_ connection: PostgresConnection, logger: Logger) async {
        do {
            try await connection.query("ROLLBACK", logger: logger)
        } catch {
            try? await connection.close()
        }
    }

    public func events(of group: GroupKey, skip: Int, count: Int) async throws -> EventPage {
        let logger = logger
        return try await leased { connection in
            let filter: PostgresQuery = """
                SELECT count(*) FROM baton_event
                WHERE tenant = \(group.tenant) AND namespace = \(group.namespace) AND group_id = \(group.id)
                """
            let total = try await connection.query(filter, logger: logger).collect().first?.decode(Int64.self) ?? 0
            let rows = try await connection.query("""
                SELECT * FROM baton_event
                WHERE tenant = \(group.tenant) AND namespace = \(group.namespace) AND group_id = \(group.id)
                ORDER BY sequence LIMIT \(Int64(max(count, 0))) OFFSET \(Int64(max(skip, 0)))
                """, logger: logger).collect()
            return EventPage(events: try rows.map(PostgresRows.event), total: Int(total))
        }
    }

    /// One statement: `served_at` becomes now, and `resumed_at` too when nobody served for
    /// longer than `outage` (or ever). Both are on the database clock plus `clockSkew`.
    public func markServing(outage: Duration, clockSkew: Duration) async throws -> Instant? {
        let logger = logger
        return try await leased { connection in
            let rows = try await connection.query("""
                WITH clock AS (SELECT \(unescaped: PostgresTransaction.clockNanoseconds) + \(clockSkew.nanoseconds)::bigint AS now_ns)
                UPDATE baton_service SET
                    resumed_at_ns = CASE
                        WHEN served_at_ns IS NULL OR resumed_at_ns IS NULL
                            OR served_at_ns < clock.now_ns - \(outage.nanoseconds)::bigint THEN clock.now_ns
                        ELSE resumed_at_ns END,
                    served_at_ns = clock.now_ns
                FROM clock
                RETURNING resumed_at_ns
                """, logger: logger).collect()
            return try rows.first.flatMap { try $0.decode(Int64?.self) }.map(Instant.init(nanoseconds:))
        }
    }

    /// Runs `body` on a leased connection, with errors mapped (`PostgresErrors.shared`). Gives
    /// up with `unavailable` when no connection is leased within `connectionWait`; once one is,
    /// `body` runs to its end (it may wait for row locks).
    func leased<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await withoutActuallyEscaping(body) { body in
                try await withThrowingTaskGroup(of: Result?.self) { group in
                    let lease = LeaseState()
                    group.addTask {
                        try await self.client.withConnection { connection in
                            guard lease.acquire() else { throw CancellationError() }
                            return try await body(connection)
                        }
                    }
                    group.addTask {
                        try await Task.sleep(for: Self.connectionWait)
                        guard lease.giveUp() else { return nil }
                        throw SharedStoreError.unavailable("no database connection within \(Self.connectionWait) (the log at level info says why connecting failed)")
                    }
                    while let next = try await group.next() {
                        if let result = next {
                            group.cancelAll()
                            return result
                        }
                    }
                    throw CancellationError()
                }
            }
        } catch {
            throw PostgresErrors.shared(error)
        }
    }
}

/// Who won the race between leasing a connection and the wait running out.
private final class LeaseState: Sendable {
    private enum State { case waiting, acquired, gaveUp }
    private let state = Mutex(State.waiting)

    /// False if the wait already ran out (the connection goes straight back).
    func acquire() -> Bool {
        state.withLock { state in
            guard state == .waiting else { return false }
            state = .acquired
            return true
        }
    }

    /// False if a connection was already leased.
    func giveUp() -> Bool {
        state.withLock { state in
            guard state == .waiting else { return false }
            state = .gaveUp
            return true
        }
    }
}
