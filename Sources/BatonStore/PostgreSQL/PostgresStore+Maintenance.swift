import PostgresNIO

extension PostgresStore {
    /// Runs statements outside any transaction (`CREATE DATABASE` cannot run inside one). For
    /// tests and maintenance: the SQL is taken as it is.
    func execute(_ statements: String...) async throws {
        let logger = logger
        try await leased { connection in
            for statement in statements {
                _ = try await connection.guardedQuery(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    /// The first column of every row of a query, as integers (counts, versions).
    func integers(_ sql: String) async throws -> [Int64] {
        let logger = logger
        return try await leased { connection in
            try await connection.guardedQuery(PostgresQuery(unsafeSQL: sql), logger: logger).map { row in
                try row.makeRandomAccess()[0].decode(Int64.self)
            }
        }
    }
}
