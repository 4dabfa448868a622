import BatonCore
import BatonJSON
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode under the data directory.
///
/// `synchronous = FULL`: a commit is on disk before `commit` returns, so an acknowledged
/// change survives a power cut as well as a SIGKILL. Only role changes and configuration
/// reach `commit`; ordinary heartbeats are soft state, flushed in batches.
public final class SQLiteStore: Store {
    /// Internal, not private: the extensions in other files (principals) use it.
    let pool: DatabasePool
    /// Nil for `.administration`, which runs next to a coordinator (see `OpenRole`).
    private let lock: DataDirectoryLock?
    public let path: String

    /// Opens (creating if needed) `<directory>/baton.sqlite` and migrates it. A `.coordinator`
    /// (the default) takes the data directory's exclusive lock; `.administration` does not.
    public init(directory: String, role: OpenRole = .coordinator) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.dataDirectoryUnavailable(path: directory, reason: error.localizedDescription)
        }
        lock = role == .coordinator ? try DataDirectoryLock(directory: directory) : nil
        path = directory + "/baton.sqlite"
        var configuration = Configuration()
        configuration.label = "baton"
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets NORMAL when it enables WAL (after `prepareDatabase`), which can lose
        // the last commits in a power cut; the pool's one writer connection gets FULL here.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try SQLiteSchema.migrator.migrate(pool)
    }

    /// Releases the data directory's lock so another coordinator may open it; the last step
    /// of a graceful shutdown. The store must not be written afterwards.
    public func close() {
        lock?.release()
    }

    public func loadSnapshot() throws -> EngineSnapshot {
        try pool.read { db in
            let groups = try Row.fetchAll(db, sql: "SELECT * FROM failover_group").map(Self.groupRecord)
            let members = try Row.fetchAll(db, sql: "SELECT * FROM member ORDER BY registered_at").map(Self.memberRecord)
            var collections: [CollectionKey: AccessControlList] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM collection_access_control") {
                collections[CollectionKey(tenant: row["tenant"], namespace: row["namespace"])] =
                    try Self.accessControl(row["access_control"])
            }
            let tasks = try String.fetchAll(db, sql: "SELECT body FROM failover_task ORDER BY created_at")
                .map { try TaskCodec.decode(try JSONValue.parse($0)) }
            let appliances = try Row.fetchAll(db, sql: "SELECT * FROM appliance ORDER BY tenant, id").map(Self.applianceRecord)
            let tombstones = try Row.fetchAll(db, sql: "SELECT * FROM group_tombstone").map(Self.tombstone)
            return EngineSnapshot(groups: groups, members: members, collectionAccessControl: collections, tasks: tasks,
                                  appliances: appliances, tombstones: tombstones)
        }
    }

    public func commit(_ changes: [DurableChange]) throws {
        guard !changes.isEmpty else { return }
        try pool.write { db in
            for change in changes {
                switch change {
                case .saveGroup(let record): try Self.save(record, in: db)
                case .deleteGroup(let key): try Self.delete(key, in: db)
                case .saveTombstone(let tombstone): try Self.save(tombstone, in: db)
                case .saveMember(let record): try Self.save(record, in: db)
                case .deleteMember(let key): try Self.delete(key, in: db)
                case .appendEvent(let event): try Self.append(event, in: db)
                case .saveCollectionAccessControl(let key, let list): try Self.save(list, for: key, in: db)
                case .saveTask(let task): try Self.save(task, in: db)
                case .saveAppliance(let appliance): try Self.save(appliance, in: db)
                case .deleteAppliance(let key):
                    try db.execute(sql: "DELETE FROM appliance WHERE tenant = ? AND id = ?", arguments: [key.tenant, key.id])
                }
            }
        }
    }

    public func writeSoftState(_ batch: SoftStateBatch) throws {
        guard !batch.isEmpty else { return }
        try pool.write { db in
            // Compiled once per flush, not once per row: a flush can carry every member.
            let update = try db.cachedStatement(sql: """
                UPDATE member SET heartbeat_score = ?, heartbeat_time = ?, heartbeat_last_data_processed = ?,
                    heartbeat_received_at = ?
                WHERE tenant = ? AND namespace = ? AND group_id = ? AND id = ?
                """)
            for (key, heartbeat) in batch.heartbeats {
                try update.execute(
                    arguments: [
                        heartbeat.score, heartbeat.heartbeatTime?.timeIntervalSince1970,
                        heartbeat.lastDataProcessedTime?.timeIntervalSince1970,
                        heartbeat.receivedAt.timeIntervalSince1970,
                        key.group.tenant, key.group.namespace, key.group.id, key.member,
                    ])
            }
            for (key, watermark) in batch.watermarks {
                try db.execute(
                    sql: "UPDATE failover_group SET watermark = ? WHERE tenant = ? AND namespace = ? AND id = ?",
                    arguments: [watermark?.timeIntervalSince1970, key.tenant, key.namespace, key.id])
            }
        }
    }

    public func events(of group: GroupKey, skip: Int, count: Int) throws -> EventPage {
        try pool.read { db in
            let arguments: StatementArguments = [group.tenant, group.namespace, group.id]
            let filter = "WHERE tenant = ? AND namespace = ? AND group_id = ?"
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM group_event \(filter)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM group_event \(filter) ORDER BY sequence LIMIT ? OFFSET ?",
                arguments: arguments + [count, skip])
            return EventPage(events: try rows.map(Self.event), total: total)
        }
    }

    public func check() throws {
        _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func events(of group: GroupKey, after sequence: Int64, limit: Int) throws -> [GroupEvent] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM group_event WHERE tenant = ? AND namespace = ? AND group_id = ? AND sequence > ?
                ORDER BY sequence LIMIT ?
                """, arguments: [group.tenant, group.namespace, group.id, sequence, max(limit, 0)])
            return try rows.map(Self.event)
        }
    }
}

extension SQLiteStore {
    /// A pragma's value as text, for diagnostics and tests.
    func pragma(_ name: String) throws -> String? {
        try pool.write { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }
}
