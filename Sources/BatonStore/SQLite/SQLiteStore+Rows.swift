import BatonCore
import BatonJSON
import Foundation
import GRDB

/// Mapping between records and rows. Dates are stored as Unix seconds (REAL).
extension SQLiteStore {
    static func save(_ record: GroupRecord, in db: Database) throws {
        let c = record.configuration
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO failover_group (tenant, namespace, id, name, description, failover_timeout_ns,
                    additional_data, preemption, created_at, primary_id, pending_id, pending_reason, epoch, fenced,
                    watermark, next_event_sequence, lease_horizon, access_control, active_task, forced_target, forced_by,
                    paused_at, paused_by, pause_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.key.tenant, record.key.namespace, record.key.id, c.name, c.description,
                c.failoverTimeout.nanoseconds, c.additionalData?.jsonText, c.preemption.rawValue,
                record.createdAt.timeIntervalSince1970, record.primary, record.pending, record.pendingReason,
                Int64(record.epoch), record.fenced, record.watermark?.timeIntervalSince1970, record.nextEventSequence,
                record.leaseHorizon?.timeIntervalSince1970, record.accessControl?.jsonValue.jsonText,
                record.activeTask, record.forcedTarget, record.forcedBy,
                record.pause?.since.timeIntervalSince1970, record.pause?.by, record.pause?.reason,
            ])
    }

    static func delete(_ key: GroupKey, in db: Database) throws {
        let arguments: StatementArguments = [key.tenant, key.namespace, key.id]
        try db.execute(sql: "DELETE FROM failover_group WHERE tenant = ? AND namespace = ? AND id = ?", arguments: arguments)
        try db.execute(sql: "DELETE FROM member WHERE tenant = ? AND namespace = ? AND group_id = ?", arguments: arguments)
        try db.execute(sql: "DELETE FROM group_event WHERE tenant = ? AND namespace = ? AND group_id = ?", arguments: arguments)
        // Finished tasks stay: they are the audit trail of who moved what.
    }

    static func save(_ task: FailoverTask, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO failover_task (id, tenant, namespace, group_id, status, created_at, body)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                task.id, task.group.tenant, task.group.namespace, task.group.id, task.status.rawValue,
                task.createdAt.timeIntervalSince1970, TaskCodec.encode(task).jsonText,
            ])
    }

    static func save(_ record: MemberRecord, in db: Database) throws {
        let heartbeat = record.lastHeartbeat
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO member (tenant, namespace, group_id, id, name, additional_data, registered_at,
                    role_override, override_expires_at, heartbeat_score, heartbeat_time, heartbeat_last_data_processed,
                    heartbeat_received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.group.tenant, record.group.namespace, record.group.id, record.registration.id,
                record.registration.name, record.registration.additionalData?.jsonText,
                record.registeredAt.timeIntervalSince1970, record.roleOverride.rawValue,
                record.overrideExpiresAt?.timeIntervalSince1970, heartbeat?.score,
                heartbeat?.heartbeatTime?.timeIntervalSince1970, heartbeat?.lastDataProcessedTime?.timeIntervalSince1970,
                heartbeat?.receivedAt.timeIntervalSince1970,
            ])
    }

    static func delete(_ key: MemberKey, in db: Database) throws {
        try db.execute(
            sql: "DELETE FROM member WHERE tenant = ? AND namespace = ? AND group_id = ? AND id = ?",
            arguments: [key.group.tenant, key.group.namespace, key.group.id, key.member])
    }

    static func append(_ event: GroupEvent, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO group_event (tenant, namespace, group_id, sequence, time, kind, from_id, to_id, epoch,
                    reason, principal, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                event.group.tenant, event.group.namespace, event.group.id, event.sequence,
                event.time.timeIntervalSince1970, event.kind.rawValue, event.from, event.to, Int64(event.epoch),
                event.reason, event.principal, event.detail,
            ])
    }

    static func groupRecord(_ row: Row) throws -> GroupRecord {
        let key = GroupKey(tenant: row["tenant"], namespace: row["namespace"], id: row["id"])
        let configuration = GroupConfiguration(
            id: key.id, name: row["name"], description: row["description"],
            failoverTimeout: .nanoseconds(row["failover_timeout_ns"] as Int64),
            additionalData: try json(row["additional_data"]),
            preemption: PreemptionPolicy(rawValue: row["preemption"]) ?? .score)
        return GroupRecord(
            key: key, configuration: configuration, createdAt: date(row["created_at"])!,
            primary: row["primary_id"], pending: row["pending_id"], pendingReason: row["pending_reason"],
            epoch: UInt64(row["epoch"] as Int64), fenced: row["fenced"], watermark: date(row["watermark"]),
            nextEventSequence: row["next_event_sequence"], leaseHorizon: date(row["lease_horizon"]),
            accessControl: try accessControl(row["access_control"]), activeTask: row["active_task"],
            forcedTarget: row["forced_target"], forcedBy: row["forced_by"],
            pause: date(row["paused_at"]).map { GroupPause(since: $0, by: row["paused_by"], reason: row["pause_reason"]) })
    }

    static func memberRecord(_ row: Row) throws -> MemberRecord {
        let group = GroupKey(tenant: row["tenant"], namespace: row["namespace"], id: row["group_id"])
        var heartbeat: HeartbeatRecord?
        if let score = row["heartbeat_score"] as Double?, let receivedAt = date(row["heartbeat_received_at"]) {
            heartbeat = HeartbeatRecord(
                score: score, heartbeatTime: date(row["heartbeat_time"]),
                lastDataProcessedTime: date(row["heartbeat_last_data_processed"]), receivedAt: receivedAt)
        }
        return MemberRecord(
            group: group,
            registration: MemberRegistration(id: row["id"], name: row["name"], additionalData: try json(row["additional_data"])),
            registeredAt: date(row["registered_at"])!,
            roleOverride: RoleOverride(rawValue: row["role_override"]) ?? .off,
            overrideExpiresAt: date(row["override_expires_at"]), lastHeartbeat: heartbeat)
    }

    static func event(_ row: Row) throws -> GroupEvent {
        GroupEvent(
            group: GroupKey(tenant: row["tenant"], namespace: row["namespace"], id: row["group_id"]),
            sequence: row["sequence"], time: date(row["time"])!,
            kind: GroupEvent.Kind(rawValue: row["kind"]) ?? .primaryChanged,
            from: row["from_id"], to: row["to_id"], epoch: UInt64(row["epoch"] as Int64), reason: row["reason"],
            principal: row["principal"], detail: row["detail"])
    }

    private static func date(_ seconds: Double?) -> Date? {
        seconds.map(Date.init(timeIntervalSince1970:))
    }

    static func save(_ list: AccessControlList?, for collection: CollectionKey, in db: Database) throws {
        let arguments: StatementArguments = [collection.tenant, collection.namespace, "clientfailover/groups"]
        if let list {
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO collection_access_control (tenant, namespace, collection, access_control)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: arguments + [list.jsonValue.jsonText])
        } else {
            try db.execute(
                sql: "DELETE FROM collection_access_control WHERE tenant = ? AND namespace = ? AND collection = ?",
                arguments: arguments)
        }
    }

    static func accessControl(_ text: String?) throws -> AccessControlList? {
        try json(text).map { try AccessControlList(json: $0) }
    }

    private static func json(_ text: String?) throws -> JSONValue? {
        try text.map { try JSONValue.parse($0) }
    }
}
