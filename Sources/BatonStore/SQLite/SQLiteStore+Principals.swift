import BatonCore
import Foundation
import GRDB

extension SQLiteStore {
    /// Who opens the embedded store, and so whether it takes the data directory's lock.
    public enum OpenRole: Sendable, Equatable {
        /// `baton serve`: takes the exclusive lock on `<data-dir>/baton.lock`, so a second
        /// coordinator on the same directory refuses to start (two engines on one store
        /// could each name a Primary).
        case coordinator
        /// Operator commands (`baton users`, `baton clients`) that must work while a
        /// coordinator runs on the same directory: no lock. This is safe because such a
        /// command touches only the `principal` table and reads no engine state, so it cannot
        /// act on (or overwrite) a group or member the running engine holds in memory.
        /// Concurrent writers are serialised by SQLite itself (WAL, one writer at a time,
        /// with the busy timeout set in `init`), so each change is atomic for both processes.
        /// Never use it to run an engine.
        case administration
    }
}

/// A principal or setting row that this version cannot read or write.
public struct PrincipalStoreError: Error, CustomStringConvertible {
    public var description: String
}

/// Synchronous on purpose: each method satisfies `PrincipalStore`'s asynchronous requirement,
/// and callers holding a `SQLiteStore` (the `baton users` commands, tests) call it directly.
extension SQLiteStore: PrincipalStore {
    static let signingKeySetting = SigningKey.settingName
    static let signingKeyLength = SigningKey.length

    /// Read on every authenticated request (a removed principal stops working at once), so
    /// the statement is compiled once per reader connection and kept.
    public func principal(_ kind: Principal.Kind, id: String) throws -> PrincipalRecord? {
        try pool.read { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM principal WHERE kind = ? AND id = ?")
            return try Row.fetchOne(statement, arguments: [kind.rawValue, id]).map(Self.principalRecord)
        }
    }

    public func savePrincipal(_ record: PrincipalRecord) throws {
        guard record.principal.kind != .anonymous else {
            throw PrincipalStoreError(description: "the anonymous principal is never stored")
        }
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO principal (kind, id, tenant, role, secret_hash, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.principal.kind.rawValue, record.principal.id, record.principal.tenant,
                    record.principal.role.name, record.secretHash, record.createdAt.timeIntervalSince1970,
                ])
        }
    }

    @discardableResult
    public func deletePrincipal(_ kind: Principal.Kind, id: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM principal WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
            return db.changesCount > 0
        }
    }

    public func principals() throws -> [PrincipalRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM principal ORDER BY kind, id").map(Self.principalRecord)
        }
    }

    /// Read first (the usual case); otherwise create it in an IMMEDIATE transaction, which
    /// holds SQLite's write lock from its first statement: of two callers, in this process or
    /// another, the second waits, then finds and returns the key the first one stored.
    public func signingKey() throws -> [UInt8] {
        let name = Self.signingKeySetting
        if let existing = try pool.read({ db in try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]) }) {
            return try Self.checkedSigningKey(existing)
        }
        var key: Data?
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                if let existing = try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]) {
                    key = existing
                } else {
                    let bytes = Data(SigningKey.generate())
                    try db.execute(sql: "INSERT INTO setting (name, value) VALUES (?, ?)", arguments: [name, bytes])
                    key = bytes
                }
                return .commit
            }
        }
        return try Self.checkedSigningKey(key ?? Data())
    }

    private static func checkedSigningKey(_ value: Data) throws -> [UInt8] {
        try SigningKey.checked([UInt8](value))
    }

    static func principalRecord(_ row: Row) throws -> PrincipalRecord {
        let kindText: String = row["kind"]
        let roleText: String = row["role"]
        let id: String = row["id"]
        guard let kind = Principal.Kind(rawValue: kindText), kind != .anonymous else {
            throw PrincipalStoreError(description: "stored principal '\(id)' has an unknown kind '\(kindText)'")
        }
        guard let role = AccessRole(name: roleText) else {
            throw PrincipalStoreError(description: "stored \(kindText) '\(id)' has an unknown role '\(roleText)'")
        }
        return PrincipalRecord(
            principal: Principal(kind: kind, id: id, tenant: row["tenant"], role: role),
            secretHash: row["secret_hash"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
