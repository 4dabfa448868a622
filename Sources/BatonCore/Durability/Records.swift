import Foundation

/// A group as the store keeps it: configuration plus the durable part of its role state.
public struct GroupRecord: Equatable, Sendable {
    public var key: GroupKey
    public var configuration: GroupConfiguration
    public var createdAt: Date
    public var primary: MemberID?
    public var pending: MemberID?
    public var pendingReason: String?
    public var epoch: UInt64
    /// A Primary was removed while its lease ran; a restart must fence for one timeout.
    public var fenced: Bool
    public var watermark: Date?
    public var nextEventSequence: Int64
    /// Until when a lease granted under a longer, since shortened, timeout may still run.
    public var leaseHorizon: Date?
    public var accessControl: AccessControlList?
    /// The queued or running failover task, its target once started, and who asked.
    public var activeTask: String?
    public var forcedTarget: MemberID?
    public var forcedBy: String?
    public var pause: GroupPause?

    public init(
        key: GroupKey, configuration: GroupConfiguration, createdAt: Date, primary: MemberID? = nil,
        pending: MemberID? = nil, pendingReason: String? = nil, epoch: UInt64 = 0, fenced: Bool = false,
        watermark: Date? = nil, nextEventSequence: Int64 = 1, leaseHorizon: Date? = nil,
        accessControl: AccessControlList? = nil, activeTask: String? = nil, forcedTarget: MemberID? = nil,
        forcedBy: String? = nil, pause: GroupPause? = nil
    ) {
        self.pause = pause
        self.activeTask = activeTask
        self.forcedTarget = forcedTarget
        self.forcedBy = forcedBy
        self.leaseHorizon = leaseHorizon
        self.accessControl = accessControl
        self.key = key
        self.configuration = configuration
        self.createdAt = createdAt
        self.primary = primary
        self.pending = pending
        self.pendingReason = pendingReason
        self.epoch = epoch
        self.fenced = fenced
        self.watermark = watermark
        self.nextEventSequence = nextEventSequence
    }
}

/// A member as the store keeps it. `lastHeartbeat` is soft state, written lazily.
public struct MemberRecord: Equatable, Sendable {
    public var group: GroupKey
    public var registration: MemberRegistration
    public var registeredAt: Date
    public var roleOverride: RoleOverride
    public var overrideExpiresAt: Date?
    public var lastHeartbeat: HeartbeatRecord?

    public init(
        group: GroupKey, registration: MemberRegistration, registeredAt: Date, roleOverride: RoleOverride = .off,
        overrideExpiresAt: Date? = nil, lastHeartbeat: HeartbeatRecord? = nil
    ) {
        self.group = group
        self.registration = registration
        self.registeredAt = registeredAt
        self.roleOverride = roleOverride
        self.overrideExpiresAt = overrideExpiresAt
        self.lastHeartbeat = lastHeartbeat
    }

    public var key: MemberKey { MemberKey(group: group, member: registration.id) }
}

/// Everything needed to rebuild an engine after a restart.
public struct EngineSnapshot: Sendable {
    public var groups: [GroupRecord]
    public var members: [MemberRecord]
    public var collectionAccessControl: [CollectionKey: AccessControlList]
    public var tasks: [FailoverTask]
    public var appliances: [ApplianceRecord]
    /// What deleted groups left at their addresses.
    public var tombstones: [GroupTombstone]

    public init(groups: [GroupRecord] = [], members: [MemberRecord] = [],
                collectionAccessControl: [CollectionKey: AccessControlList] = [:], tasks: [FailoverTask] = [],
                appliances: [ApplianceRecord] = [], tombstones: [GroupTombstone] = []) {
        self.tombstones = tombstones
        self.tasks = tasks
        self.appliances = appliances
        self.groups = groups
        self.members = members
        self.collectionAccessControl = collectionAccessControl
    }
}

/// One durable change, to be written before the answer that reveals it.
public enum DurableChange: Equatable, Sendable {
    case saveGroup(GroupRecord)
    /// Deletes the group with its members and history.
    case deleteGroup(GroupKey)
    /// Keeps (replacing any earlier one) what a deleted group left at its address.
    case saveTombstone(GroupTombstone)
    case saveMember(MemberRecord)
    case deleteMember(MemberKey)
    case appendEvent(GroupEvent)
    /// Sets (or, with nil, removes) a namespace's access control list.
    case saveCollectionAccessControl(CollectionKey, AccessControlList?)
    case saveTask(FailoverTask)
    case saveAppliance(ApplianceRecord)
    case deleteAppliance(ApplianceKey)
}

/// Soft state the store may write lazily: last heartbeats and Primary watermarks.
public struct SoftStateBatch: Sendable {
    public var heartbeats: [(MemberKey, HeartbeatRecord)]
    public var watermarks: [(GroupKey, Date?)]

    public init(heartbeats: [(MemberKey, HeartbeatRecord)] = [], watermarks: [(GroupKey, Date?)] = []) {
        self.heartbeats = heartbeats
        self.watermarks = watermarks
    }

    public var isEmpty: Bool { heartbeats.isEmpty && watermarks.isEmpty }
}
