import BatonCore
import BatonJSON
import Foundation
import PostgresNIO

/// Rows back into records and images: the inverse of `PostgresTables`.
enum PostgresRows {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func groupImage(_ row: PostgresRow, members: [MemberImage]) throws -> GroupImage {
        let row = row.makeRandomAccess()
        let key = GroupKey(tenant: try row.value("tenant"), namespace: try row.value("namespace"), id: try row.value("id"))
        let preemptionText: String = try row.value("preemption")
        let configuration = GroupConfiguration(
            id: key.id, name: try row.value("name"), description: try row.value("description"),
            failoverTimeout: .nanoseconds(try row.value("failover_timeout_ns") as Int64),
            additionalData: try json(row.value("additional_data")),
            preemption: PreemptionPolicy(rawValue: preemptionText) ?? .score)
        let record = GroupRecord(
            key: key, configuration: configuration, createdAt: try row.date("created_at"),
            primary: try row.value("primary_id"), pending: try row.value("pending_id"),
            pendingReason: try row.value("pending_reason"),
            epoch: UInt64(bitPattern: try row.value("epoch")), fenced: try row.value("fenced"),
            watermark: try row.optionalDate("watermark"), nextEventSequence: try row.value("next_event_sequence"),
            leaseHorizon: try row.optionalDate("lease_horizon"),
            accessControl: try accessControl(row.value("access_control")), activeTask: try row.value("active_task"),
            forcedTarget: try row.value("forced_target"), forcedBy: try row.value("forced_by"),
            pause: try row.optionalDate("paused_at").map {
                GroupPause(since: $0, by: try row.value("paused_by"), reason: try row.value("pause_reason"))
            })
        return GroupImage(
            record: record, fenceUntil: try row.instant("fence_until_ns"), fenceHolder: try row.value("fence_holder"),
            taskDeadline: try row.instant("task_deadline_ns"),
            graceUntil: try row.instant("grace_until_ns"),
            members: members.sorted { $0.id < $1.id })
    }

    static func memberImage(_ row: PostgresRow) throws -> MemberImage {
        let row = row.makeRandomAccess()
        let group = GroupKey(tenant: try row.value("tenant"), namespace: try row.value("namespace"), id: try row.value("group_id"))
        var heartbeat: HeartbeatRecord?
        if let score: Double = try row.value("heartbeat_score"), let receivedAt = try row.optionalDate("heartbeat_received_at") {
            heartbeat = HeartbeatRecord(
                score: score, heartbeatTime: try row.optionalDate("heartbeat_time"),
                lastDataProcessedTime: try row.optionalDate("heartbeat_last_data_processed"), receivedAt: receivedAt)
        }
        let roleOverride: Int32 = try row.value("role_override")
        let record = MemberRecord(
            group: group,
            registration: MemberRegistration(
                id: try row.value("id"), name: try row.value("name"), additionalData: try json(row.value("additional_data"))),
            registeredAt: try row.date("registered_at"),
            roleOverride: RoleOverride(rawValue: Int(roleOverride)) ?? .off,
            overrideExpiresAt: try row.optionalDate("override_expires_at"), lastHeartbeat: heartbeat)
        return MemberImage(
            record: record, overrideDeadline: try row.instant("override_deadline_ns"),
            lastReceived: try row.instant("last_received_ns"), leaseExpiry: try row.instant("lease_expiry_ns"),
            heartbeatSinceStart: try row.value("heartbeat_since_start"), liveSince: try row.instant("live_since_ns"),
            betterThanPrimarySince: try row.instant("better_than_primary_since_ns"))
    }

    static func event(_ row: PostgresRow) throws -> GroupEvent {
        let row = row.makeRandomAccess()
        let kind: String = try row.value("kind")
        return GroupEvent(
            group: GroupKey(tenant: try row.value("tenant"), namespace: try row.value("namespace"), id: try row.value("group_id")),
            sequence: try row.value("sequence"), time: try row.date("time"),
            kind: GroupEvent.Kind(rawValue: kind) ?? .primaryChanged,
            from: try row.value("from_id"), to: try row.value("to_id"), epoch: UInt64(bitPattern: try row.value("epoch")),
            reason: try row.value("reason"), principal: try row.value("principal"), detail: try row.value("detail"))
    }

    static func task(_ row: PostgresRow) throws -> FailoverTask {
        try TaskCodec.decode(try JSONValue.parse(try row.makeRandomAccess().value("body") as String))
    }

    static func appliance(_ row: PostgresRow) throws -> ApplianceRecord {
        let row = row.makeRandomAccess()
        return ApplianceRecord(
            tenant: try row.value("tenant"),
            registration: ApplianceRegistration(
                id: try row.value("id"), name: try row.value("name"), type: try row.value("type"),
                peerID: try row.value("peer_id"), peerName: try row.value("peer_name"),
                serviceMeshID: try row.value("service_mesh_id")),
            registeredAt: try row.date("registered_at"), group: try row.value("group_id"))
    }

    static func principal(_ row: PostgresRow) throws -> PrincipalRecord {
        let row = row.makeRandomAccess()
        let kindText: String = try row.value("kind")
        let roleText: String = try row.value("role")
        let id: String = try row.value("id")
        guard let kind = Principal.Kind(rawValue: kindText), kind != .anonymous else {
            throw PrincipalStoreError(description: "stored principal '\(id)' has an unknown kind '\(kindText)'")
        }
        guard let role = AccessRole(name: roleText) else {
            throw PrincipalStoreError(description: "stored \(kindText) '\(id)' has an unknown role '\(roleText)'")
        }
        return PrincipalRecord(
            principal: Principal(kind: kind, id: id, tenant: try row.value("tenant"), role: role),
            secretHash: try row.value("secret_hash"), createdAt: try row.date("created_at"))
    }

    static func tombstone(_ row: PostgresRow) throws -> GroupTombstone {
        let row = row.makeRandomAccess()
        let leaseEnd = try row.instant("lease_end_ns")
        return GroupTombstone(
            key: GroupKey(tenant: try row.value("tenant"), namespace: try row.value("namespace"), id: try row.value("id")),
            epoch: UInt64(bitPattern: try row.value("epoch", as: Int64.self)),
            nextEventSequence: try row.value("next_event_sequence"),
            failoverTimeout: .nanoseconds(try row.value("failover_timeout_ns", as: Int64.self)),
            deletedAt: try row.date("deleted_at"),
            leaseEnd: leaseEnd.map { Date(timeIntervalSince1970: Double($0.nanoseconds) / 1e9) },
            leaseEndInstant: leaseEnd, leaseHolder: try row.value("lease_holder"))
    }

    static func accessControl(_ text: String?) throws -> AccessControlList? {
        try json(text).map { try AccessControlList(json: $0) }
    }

    private static func json(_ text: String?) throws -> JSONValue? {
        try text.map { try JSONValue.parse($0) }
    }
}

extension PostgresRandomAccessRow {
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }

    /// Unix seconds (`double precision`), the embedded store's representation.
    func date(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try value(column, as: Double.self))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try value(column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }

    /// Database-clock nanoseconds (`bigint`).
    func instant(_ column: String) throws -> Instant? {
        try value(column, as: Int64?.self).map(Instant.init(nanoseconds:))
    }
}
