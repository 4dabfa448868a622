import BatonCore
import BatonJSON
import Foundation
import PostgresNIO

/// Each table's columns and where their values come from, for batch writes. Reading them
/// back is in `PostgresRows`.
enum PostgresTables {
    typealias Group = PostgresTable<SharedWrite.SavedGroup>
    typealias Member = PostgresTable<MemberImage>

    static let groups = Group(name: "baton_group", key: ["tenant", "namespace", "id"], columns: [
        .column("tenant", "text") { $0.image.key.tenant },
        .column("namespace", "text") { $0.image.key.namespace },
        .column("id", "text") { $0.image.key.id },
        .column("name", "text") { $0.image.record.configuration.name },
        .column("description", "text") { $0.image.record.configuration.description },
        .column("failover_timeout_ns", "bigint") { $0.image.record.configuration.failoverTimeout.nanoseconds },
        .column("additional_data", "text") { $0.image.record.configuration.additionalData?.jsonText },
        .column("preemption", "text") { $0.image.record.configuration.preemption.rawValue },
        .column("created_at", "double precision") { $0.image.record.createdAt.timeIntervalSince1970 },
        .column("primary_id", "text") { $0.image.record.primary },
        .column("pending_id", "text") { $0.image.record.pending },
        .column("pending_reason", "text") { $0.image.record.pendingReason },
        .column("epoch", "bigint") { Int64(bitPattern: $0.image.record.epoch) },
        .column("fenced", "boolean") { $0.image.record.fenced },
        .column("watermark", "double precision") { $0.image.record.watermark?.timeIntervalSince1970 },
        .column("next_event_sequence", "bigint") { $0.image.record.nextEventSequence },
        .column("lease_horizon", "double precision") { $0.image.record.leaseHorizon?.timeIntervalSince1970 },
        .column("access_control", "text") { $0.image.record.accessControl?.jsonValue.jsonText },
        .column("active_task", "text") { $0.image.record.activeTask },
        .column("forced_target", "text") { $0.image.record.forcedTarget },
        .column("forced_by", "text") { $0.image.record.forcedBy },
        .column("paused_at", "double precision") { $0.image.record.pause?.since.timeIntervalSince1970 },
        .column("paused_by", "text") { $0.image.record.pause?.by },
        .column("pause_reason", "text") { $0.image.record.pause?.reason },
        .column("fence_until_ns", "bigint") { $0.image.fenceUntil?.nanoseconds },
        .column("fence_holder", "text") { $0.image.fenceHolder },
        .column("task_deadline_ns", "bigint") { $0.image.taskDeadline?.nanoseconds },
        .column("grace_until_ns", "bigint") { $0.image.graceUntil?.nanoseconds },
        .column("wake_at_ns", "bigint") { $0.wakeAt?.nanoseconds },
    ])

    /// The epoch a saved group's row must still have (the compare-and-set).
    static let expectedEpoch = Group.Column.column("expected_epoch", "bigint") { $0.expectedEpoch.map { Int64(bitPattern: $0) } }

    static let members = Member(name: "baton_member", key: ["tenant", "namespace", "group_id", "id"], columns: [
        .column("tenant", "text") { $0.record.group.tenant },
        .column("namespace", "text") { $0.record.group.namespace },
        .column("group_id", "text") { $0.record.group.id },
        .column("id", "text") { $0.record.registration.id },
        .column("name", "text") { $0.record.registration.name },
        .column("additional_data", "text") { $0.record.registration.additionalData?.jsonText },
        .column("registered_at", "double precision") { $0.record.registeredAt.timeIntervalSince1970 },
        .column("role_override", "integer") { Int32($0.record.roleOverride.rawValue) },
        .column("override_expires_at", "double precision") { $0.record.overrideExpiresAt?.timeIntervalSince1970 },
        .column("heartbeat_score", "double precision") { $0.record.lastHeartbeat?.score },
        .column("heartbeat_time", "double precision") { $0.record.lastHeartbeat?.heartbeatTime?.timeIntervalSince1970 },
        .column("heartbeat_last_data_processed", "double precision") {
            $0.record.lastHeartbeat?.lastDataProcessedTime?.timeIntervalSince1970
        },
        .column("heartbeat_received_at", "double precision") { $0.record.lastHeartbeat?.receivedAt.timeIntervalSince1970 },
        .column("override_deadline_ns", "bigint") { $0.overrideDeadline?.nanoseconds },
        .column("last_received_ns", "bigint") { $0.lastReceived?.nanoseconds },
        .column("lease_expiry_ns", "bigint") { $0.leaseExpiry?.nanoseconds },
        .column("heartbeat_since_start", "boolean") { $0.heartbeatSinceStart },
        .column("live_since_ns", "bigint") { $0.liveSince?.nanoseconds },
        .column("better_than_primary_since_ns", "bigint") { $0.betterThanPrimarySince?.nanoseconds },
    ])

    static let events = PostgresTable<GroupEvent>(
        name: "baton_event", key: ["tenant", "namespace", "group_id", "sequence"], columns: [
            .column("tenant", "text") { $0.group.tenant },
            .column("namespace", "text") { $0.group.namespace },
            .column("group_id", "text") { $0.group.id },
            .column("sequence", "bigint") { $0.sequence },
            .column("time", "double precision") { $0.time.timeIntervalSince1970 },
            .column("kind", "text") { $0.kind.rawValue },
            .column("from_id", "text") { $0.from },
            .column("to_id", "text") { $0.to },
            .column("epoch", "bigint") { Int64(bitPattern: $0.epoch) },
            .column("reason", "text") { $0.reason },
            .column("principal", "text") { $0.principal },
            .column("detail", "text") { $0.detail },
        ])

    static let tasks = PostgresTable<FailoverTask>(name: "baton_task", key: ["id"], columns: [
        .column("id", "text") { $0.id },
        .column("tenant", "text") { $0.group.tenant },
        .column("namespace", "text") { $0.group.namespace },
        .column("group_id", "text") { $0.group.id },
        .column("status", "text") { $0.status.rawValue },
        .column("created_at", "double precision") { $0.createdAt.timeIntervalSince1970 },
        .column("body", "text") { TaskCodec.encode($0).jsonText },
    ])

    /// A tombstone's lease end is kept as the database-clock instant the engines share.
    static let tombstones = PostgresTable<GroupTombstone>(
        name: "baton_group_tombstone", key: ["tenant", "namespace", "id"], columns: [
            .column("tenant", "text") { $0.key.tenant },
            .column("namespace", "text") { $0.key.namespace },
            .column("id", "text") { $0.key.id },
            .column("epoch", "bigint") { Int64(bitPattern: $0.epoch) },
            .column("next_event_sequence", "bigint") { $0.nextEventSequence },
            .column("failover_timeout_ns", "bigint") { $0.failoverTimeout.nanoseconds },
            .column("deleted_at", "double precision") { $0.deletedAt.timeIntervalSince1970 },
            .column("lease_end_ns", "bigint") { $0.leaseEndInstant?.nanoseconds },
            .column("lease_holder", "text") { $0.leaseHolder },
        ])

    static let appliances = PostgresTable<ApplianceRecord>(name: "baton_appliance", key: ["tenant", "id"], columns: [
        .column("tenant", "text") { $0.tenant },
        .column("id", "text") { $0.registration.id },
        .column("name", "text") { $0.registration.name },
        .column("type", "text") { $0.registration.type },
        .column("peer_id", "text") { $0.registration.peerID },
        .column("peer_name", "text") { $0.registration.peerName },
        .column("service_mesh_id", "text") { $0.registration.serviceMeshID },
        .column("group_id", "text") { $0.group },
        .column("registered_at", "double precision") { $0.registeredAt.timeIntervalSince1970 },
    ])

    /// The one collection a namespace's list applies to, as the embedded store names it.
    static let groupCollection = "clientfailover/groups"

    static let collectionAccessControl = PostgresTable<(CollectionKey, AccessControlList)>(
        name: "baton_collection_access_control", key: ["tenant", "namespace", "collection"], columns: [
            .column("tenant", "text") { $0.0.tenant },
            .column("namespace", "text") { $0.0.namespace },
            .column("collection", "text") { _ in groupCollection },
            .column("access_control", "text") { $0.1.jsonValue.jsonText },
        ])

    // Keys, for deletes and lookups.

    static let groupKeys = PostgresTable<GroupKey>(name: "baton_group", key: ["tenant", "namespace", "id"], columns: [
        .column("tenant", "text") { $0.tenant },
        .column("namespace", "text") { $0.namespace },
        .column("id", "text") { $0.id },
    ])

    /// A group's key named as its members' and events' `group_id` column.
    static let memberGroupKeys = PostgresTable<GroupKey>(
        name: "baton_member", key: ["tenant", "namespace", "group_id"], columns: [
            .column("tenant", "text") { $0.tenant },
            .column("namespace", "text") { $0.namespace },
            .column("group_id", "text") { $0.id },
        ])

    static let memberKeys = PostgresTable<MemberKey>(
        name: "baton_member", key: ["tenant", "namespace", "group_id", "id"], columns: [
            .column("tenant", "text") { $0.group.tenant },
            .column("namespace", "text") { $0.group.namespace },
            .column("group_id", "text") { $0.group.id },
            .column("id", "text") { $0.member },
        ])

    static let applianceKeys = PostgresTable<ApplianceKey>(name: "baton_appliance", key: ["tenant", "id"], columns: [
        .column("tenant", "text") { $0.tenant },
        .column("id", "text") { $0.id },
    ])

    static let collectionKeys = PostgresTable<CollectionKey>(
        name: "baton_collection_access_control", key: ["tenant", "namespace", "collection"], columns: [
            .column("tenant", "text") { $0.tenant },
            .column("namespace", "text") { $0.namespace },
            .column("collection", "text") { _ in groupCollection },
        ])
}
