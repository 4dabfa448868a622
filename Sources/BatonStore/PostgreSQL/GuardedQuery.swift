import Logging
import NIOCore
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement and collects its rows. PostgresNIO's `query` written to a channel that
    /// has finished closing never answers: the write never reaches the connection's handler,
    /// so nothing fails it. After a database restart that held a transaction — and with it an
    /// instance's group operations — for ever; in a CI run, a ROLLBACK sent while the call
    /// limit closed its connection held the test run for 25 minutes. So the check that the
    /// connection is open and the write run together on the connection's event loop, where no
    /// close can come between them (`ClosedConnectionTests`, `ClosingConnectionRaceTests`):
    /// an open channel still has its handler, which fails a statement on a closing connection.
    /// Calls that lease a connection already run on its loop (`PostgresStore.leased`); anything
    /// else hops there for the statement.
    @discardableResult
    func guardedQuery(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await sendOnOwnLoop { try await self.query(query, logger: logger).collect() }
    }

    /// `guardedQuery` for a statement of the heartbeat path: prepared on this connection the
    /// first time, then only bound and executed (`PreparedQuery`).
    @discardableResult
    func guardedQuery<Kind: PreparedQueryKind>(_ query: PostgresQuery, preparedAs kind: Kind.Type, logger: Logger) async throws -> [PostgresRow] {
        guard query.sql == Kind.sql else { return try await guardedQuery(query, logger: logger) }
        return try await sendOnOwnLoop {
            var rows: [PostgresRow] = []
            for try await row in try await execute(PreparedQuery<Kind>(bindings: query.binds), logger: logger) { rows.append(row) }
            return rows
        }
    }

    /// A statement whose rows are not needed.
    func guardedRun(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await guardedQuery(query, logger: logger)
    }

    /// Runs `send` on the connection's loop if the connection is open. From the check to the
    /// write nothing suspends (`query` and `execute` both write before their first suspension),
    /// so the channel cannot close in between.
    private func sendOnOwnLoop<Result>(_ send: () async throws -> Result) async throws -> Result {
        if eventLoop.inEventLoop { return try await sendIfOpen(send) }
        return try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop)) { try await sendIfOpen(send) }
    }

    private func sendIfOpen<Result>(_ send: () async throws -> Result) async throws -> Result {
        guard !isClosed else { throw ChannelError.ioOnClosedChannel }
        return try await send()
    }
}
