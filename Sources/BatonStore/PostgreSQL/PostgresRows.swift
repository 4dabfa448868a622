import BatonCore
import BatonJSON
import Foundation
import PostgresNIO

/// Rows back into records and images: the inverse of `PostgresTables`.
enum PostgresRows {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// A group's row as `PostgresTables.groups` selects it (`columnList`, in that order), with
    /// the wake-up time stored beside it; members are added by the caller.
    static func groupImage(_ row: PostgresRow) throws -> (image: GroupImage, wakeAt: Instant?) {
        var cells = RowCursor(row)
        let key = GroupKey(tenant: try cells.next("tenant"), namespace: try cells.next("namespace"), id: try cells.next("id"))
        let name: String? = try cells.next("name")
        let description: String? = try cells.next("description")
        let failoverTimeout: Int64 = try cells.next("failover_timeout_ns")
        let additionalData = try json(cells.next("additional_data"))
        let preemptionText: String = try cells.next("preemption")
        let createdAt = try cells.date("created_at")
        let primary: String? = try cells.next("primary_id")
        let pending: String? = try cells.next("pending_id")
        let pendingReason: String? = try cells.next("pending_reason")
        let epoch: Int64 = try cells.next("epoch")
        let fenced: Bool = try cells.next("fenced")
        let watermark = try cells.optionalDate("watermark")
        let nextEventSequence: Int64 = try cells.next("next_event_sequence")
        let leaseHorizon = try cells.optionalDate("lease_horizon")
        let accessControl = try accessControl(cells.next("access_control"))
        let activeTask: String? = try cells.next("active_task")
        let forcedTarget: String? = try cells.next("forced_target")
        let forcedBy: String? = try cells.next("forced_by")
        let pausedAt = try cells.optionalDate("paused_at")
        let pausedBy: String? = try cells.next("paused_by")
        let pauseReason: String? = try cells.next("pause_reason")
        let fenceUntil = try cells.instant("fence_until_ns")
        let fenceHolder: String? = try cells.next("fence_holder")
        let taskDeadline = try cells.instant("task_deadline_ns")
        let graceUntil = try cells.instant("grace_until_ns")
        let wakeAt = try cells.instant("wake_at_ns")
        let configuration = GroupConfiguration(
            id: key.id, name: name, description: description, failoverTimeout: .nanoseconds(failoverTimeout),
            additionalData: additionalData, preemption: PreemptionPolicy(rawValue: preemptionText) ?? .score)
        let record = GroupRecord(
            key: key, configuration: configuration, createdAt: createdAt, primary: primary, pending: pending,
            pendingReason: pendingReason, epoch: UInt64(bitPattern: epoch), fenced: fenced, watermark: watermark,
            nextEventSequence: nextEventSequence, leaseHorizon: leaseHorizon, accessControl: accessControl,
            activeTask: activeTask, forcedTarget: forcedTarget, forcedBy: forcedBy,
            pause: pausedAt.map { GroupPause(since: $0, by: pausedBy, reason: pauseReason) })
        let image = GroupImage(
            record: record, fenceUntil: fenceUntil, fenceHolder: fenceHolder, taskDeadline: taskDeadline,
            graceUntil: graceUntil)
        return (image, wakeAt)
    }

    /// A member from `cells`, placed at the member's first column (`PostgresTables.members`'
    /// order); nil when the member's columns are NULL (a group with no member, left-joined).
    static func memberImage(_ cells: inout RowCursor) throws -> MemberImage? {
        guard let tenant: String = try cells.next("tenant") else { return nil }
        let group = GroupKey(tenant: tenant, namespace: try cells.next("namespace"), id: try cells.next("group_id"))
        let id: String = try cells.next("id")
        let name: String? = try cells.next("name")
        let additionalData = try json(cells.next("additional_data"))
        let registeredAt = try cells.date("registered_at")
        let roleOverride: Int32 = try cells.next("role_override")
        let overrideExpiresAt = try cells.optionalDate("override_expires_at")
        let score: Double? = try cells.next("heartbeat_score")
        let heartbeatTime = try cells.optionalDate("heartbeat_time")
        let lastDataProcessed = try cells.optionalDate("heartbeat_last_data_processed")
        let receivedAt = try cells.optionalDate("heartbeat_received_at")
        let overrideDeadline = try cells.instant("override_deadline_ns")
        let lastReceived = try cells.instant("last_received_ns")
        let leaseExpiry = try cells.instant("lease_expiry_ns")
        let heartbeatSinceStart: Bool = try cells.next("heartbeat_since_start")
        let liveSince = try cells.instant("live_since_ns")
        let betterThanPrimarySince = try cells.instant("better_than_primary_since_ns")
        var heartbeat: HeartbeatRecord?
        if let score, let receivedAt {
            heartbeat = HeartbeatRecord(
                score: score, heartbeatTime: heartbeatTime, lastDataProcessedTime: lastDataProcessed, receivedAt: receivedAt)
        }
        let record = MemberRecord(
            group: group,
            registration: MemberRegistration(id: id, name: name, additionalData: additionalData),
            registeredAt: registeredAt,
            roleOverride: RoleOverride(rawValue: Int(roleOverride)) ?? .off,
            overrideExpiresAt: overrideExpiresAt, lastHeartbeat: heartbeat)
        return MemberImage(
            record: record, overrideDeadline: overrideDeadline, lastReceived: lastReceived, leaseExpiry: leaseExpiry,
            heartbeatSinceStart: heartbeatSinceStart, liveSince: liveSince, betterThanPrimarySince: betterThanPrimarySince)
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

/// A row's cells in the order its statement selected them. Reading by position spares what
/// `makeRandomAccess` costs on every row (a copy of the cells, a name hashed per lookup), which
/// the heartbeat path paid for each member of every group it loaded. Each cell's name is still
/// compared with the one expected, so a statement whose columns come in another order fails
/// with `Malformed` instead of reading one column as another of the same type.
struct RowCursor {
    private var cells: PostgresRow.Iterator

    init(_ row: PostgresRow) {
        cells = row.makeIterator()
    }

    mutating func next<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try cell(column).decode(Value.self)
    }

    /// Passes over columns that are read elsewhere (a statement's clock columns on every row).
    mutating func skip(_ columns: [String]) throws {
        for column in columns { _ = try cell(column) }
    }

    /// The next cell, which must be `column`'s.
    private mutating func cell(_ column: String) throws -> PostgresCell {
        guard let cell = cells.next() else {
            throw PostgresRows.Malformed(description: "the row ended before its column \(column)")
        }
        guard cell.columnName == column else {
            throw PostgresRows.Malformed(description: "column \(cell.columnName) where \(column) was expected")
        }
        return cell
    }

    /// Unix seconds (`double precision`), the embedded store's representation.
    mutating func date(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try next(column, as: Double.self))
    }

    mutating func optionalDate(_ column: String) throws -> Date? {
        try next(column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }

    /// Database-clock nanoseconds (`bigint`).
    mutating func instant(_ column: String) throws -> Instant? {
        try next(column, as: Int64?.self).map(Instant.init(nanoseconds:))
    }
}
