import BatonCore
import PostgresNIO

extension PostgresStore {
    /// Read on every authenticated request (a removed principal stops working at once), so it
    /// is a prepared statement (`PreparedQueries.Principal`).
    public func principal(_ kind: Principal.Kind, id: String) async throws -> PrincipalRecord? {
        let logger = logger
        return try await leased { connection in
            try await connection.guardedQuery(
                Self.principalQuery(kind, id: id), preparedAs: PreparedQueries.Principal.self, logger: logger
            ).first.map(PostgresRows.principal)
        }
    }

    static func principalQuery(_ kind: Principal.Kind, id: String) -> PostgresQuery {
        """
        SELECT kind, id, tenant, role, secret_hash, created_at FROM baton_principal
        WHERE kind = \(kind.rawValue) AND id = \(id)
        """
    }

    public func savePrincipal(_ record: PrincipalRecord) async throws {
        guard record.principal.kind != .anonymous else {
            throw PrincipalStoreError(description: "the anonymous principal is never stored")
        }
        let logger = logger
        try await leased { connection in
            _ = try await connection.guardedQuery("""
                INSERT INTO baton_principal (kind, id, tenant, role, secret_hash, created_at)
                VALUES (\(record.principal.kind.rawValue), \(record.principal.id), \(record.principal.tenant),
                    \(record.principal.role.name), \(record.secretHash), \(record.createdAt.timeIntervalSince1970))
                ON CONFLICT (kind, id) DO UPDATE SET tenant = EXCLUDED.tenant, role = EXCLUDED.role,
                    secret_hash = EXCLUDED.secret_hash, created_at = EXCLUDED.created_at
                """, logger: logger)
        }
    }

    @discardableResult
    public func deletePrincipal(_ kind: Principal.Kind, id: String) async throws -> Bool {
        let logger = logger
        return try await leased { connection in
            try await !connection.guardedQuery(
                "DELETE FROM baton_principal WHERE kind = \(kind.rawValue) AND id = \(id) RETURNING 1", logger: logger
            ).isEmpty
        }
    }

    /// Ordered by kind then id, byte by byte whatever the database's collation.
    public func principals() async throws -> [PrincipalRecord] {
        let logger = logger
        return try await leased { connection in
            try await connection.guardedQuery(
                #"SELECT * FROM baton_principal ORDER BY kind COLLATE "C", id COLLATE "C""#, logger: logger
            ).map(PostgresRows.principal)
        }
    }

    /// Made once for all instances: the first to find none inserts one (`ON CONFLICT DO
    /// NOTHING` makes a concurrent second insert wait for the first, then do nothing), and
    /// every instance then reads the one stored.
    public func signingKey() async throws -> [UInt8] {
        let logger = logger
        let name = SigningKey.settingName
        let stored = try await leased { connection in
            let select: PostgresQuery = "SELECT value FROM baton_setting WHERE name = \(name)"
            if let row = try await connection.guardedQuery(select, logger: logger).first {
                return Array(try row.decode(ByteBuffer.self).readableBytesView)
            }
            try await connection.guardedQuery("""
                INSERT INTO baton_setting (name, value) VALUES (\(name), \(ByteBuffer(bytes: SigningKey.generate())))
                ON CONFLICT (name) DO NOTHING
                """, logger: logger)
            guard let row = try await connection.guardedQuery(select, logger: logger).first else { return [UInt8]() }
            return Array(try row.decode(ByteBuffer.self).readableBytesView)
        }
        return try SigningKey.checked(stored)
    }
}
