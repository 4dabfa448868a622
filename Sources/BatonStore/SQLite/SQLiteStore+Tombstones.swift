import BatonCore
import Foundation
import GRDB

/// What deleted groups left at their addresses: one row per address, replaced at each
/// deletion, kept for good (an epoch must never go back at an address).
extension SQLiteStore {
    static func save(_ tombstone: GroupTombstone, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO group_tombstone (tenant, namespace, id, epoch, next_event_sequence,
                    failover_timeout_ns, deleted_at, lease_end, lease_holder)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                tombstone.key.tenant, tombstone.key.namespace, tombstone.key.id, Int64(tombstone.epoch),
                tombstone.nextEventSequence, tombstone.failoverTimeout.nanoseconds,
                tombstone.deletedAt.timeIntervalSince1970, tombstone.leaseEnd?.timeIntervalSince1970,
                tombstone.leaseHolder,
            ])
    }

    static func tombstone(_ row: Row) -> GroupTombstone {
        GroupTombstone(
            key: GroupKey(tenant: row["tenant"], namespace: row["namespace"], id: row["id"]),
            epoch: UInt64(row["epoch"] as Int64), nextEventSequence: row["next_event_sequence"],
            failoverTimeout: .nanoseconds(row["failover_timeout_ns"] as Int64),
            deletedAt: Date(timeIntervalSince1970: row["deleted_at"]),
            leaseEnd: (row["lease_end"] as Double?).map(Date.init(timeIntervalSince1970:)),
            leaseHolder: row["lease_holder"])
    }
}
