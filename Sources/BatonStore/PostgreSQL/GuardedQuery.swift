import Logging
import NIOCore
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement and collects its rows. PostgresNIO's `query` sent on a connection that
    /// is already closed never answers (the request never reaches the connection's handler, so
    /// nothing fails it): after a database restart that held a transaction — and with it an
    /// instance's group operations — for ever. A closed connection fails the statement at once
    /// instead (`ClosedConnectionTests`). The check and the send are not atomic; the call limit
    /// (`PostgresStore.defaultCallLimit`) and the coordinator's transaction deadline cover the
    /// moment between them.
    @discardableResult
    func guardedQuery(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        guard !isClosed else { throw ChannelError.ioOnClosedChannel }
        return try await self.query(query, logger: logger).collect()
    }

    /// A statement whose rows are not needed.
    func guardedRun(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await guardedQuery(query, logger: logger)
    }
}
