import Foundation

/// The failover engine: every rule of DESIGN.md, no I/O. Time comes from the injected
/// clock; durable changes accumulate in a journal that the owner drains and writes before
/// answering. Not thread-safe by design: exactly one actor owns an engine.
public final class Engine {
    let clock: any BatonClock
    var groups: [GroupKey: GroupState] = [:]
    var deadlines = DeadlineQueue()

    // The journal: what changed since the owner last drained it.
    var dirtyGroups: Set<GroupKey> = []
    /// Groups deleted since the last drain; applied before any save, so a group deleted
    /// and created again in one batch starts afresh in the store too.
    var deletedGroups: Set<GroupKey> = []
    var dirtyCollections: Set<CollectionKey> = []
    /// What deleted groups left at their addresses (see `Engine+Tombstones`), and the ones
    /// to write.
    var tombstones: [GroupKey: GroupTombstone] = [:]
    var dirtyTombstones: Set<GroupKey> = []
    var dirtyTasks: Set<String> = []
    var dirtyAppliances: Set<ApplianceKey> = []
    /// Registered appliances (durable) and the last heartbeats of those in no group (soft).
    var appliances: [ApplianceKey: ApplianceRecord] = [:]
    var applianceHeartbeats: [ApplianceKey: HeartbeatRecord] = [:]
    /// Every failover task, finished ones included (they are the audit trail).
    var tasks: [String: FailoverTask] = [:]
    var dirtyMembers: Set<MemberKey> = []
    var pendingEvents: [GroupEvent] = []
    var softHeartbeats: Set<MemberKey> = []
    var softWatermarks: Set<GroupKey> = []

    /// Who is acting: every operation is authorized against it and its events name it. Set
    /// by the owner around each operation.
    public var actor: Principal = .anonymous
    /// True while the engine acts on its own (heartbeats, deadlines): the changes it makes
    /// then were asked for by nobody, whoever sent the heartbeat.
    var automatic = false
    /// Namespace-wide access control lists (durable).
    var collectionAccessControl: [CollectionKey: AccessControlList] = [:]

    public init(clock: any BatonClock) {
        self.clock = clock
    }

    // MARK: Time

    /// The earliest instant at which the engine has something to do.
    public var nextDeadline: Instant? { deadlines.earliest }

    /// Re-evaluates every group whose deadline has come. Driven by the owner's one timer.
    public func processDueDeadlines() {
        let now = clock.now()
        automatic = true
        defer { automatic = false }
        for entry in deadlines.popDue(at: now.instant) {
            guard let group = groups[entry.group], group.scheduledWakeup == entry.deadline else { continue }
            group.scheduledWakeup = nil
            evaluate(group, at: now)
        }
    }

    // MARK: Journal

    /// The durable changes since the last call, in an order a store can apply.
    public func drainJournal() -> [DurableChange] {
        var changes: [DurableChange] = deletedGroups.sorted().map(DurableChange.deleteGroup)
        for key in dirtyTombstones.sorted() {
            if let tombstone = tombstones[key] { changes.append(.saveTombstone(tombstone)) }
        }
        for key in dirtyGroups.sorted() {
            if let group = groups[key] { changes.append(.saveGroup(group.record)) }
        }
        for key in dirtyMembers.sorted(by: { ($0.group, $0.member) < ($1.group, $1.member) }) {
            if let member = groups[key.group]?.members[key.member] {
                changes.append(.saveMember(member.record(in: key.group)))
            } else if groups[key.group] != nil {
                changes.append(.deleteMember(key))
            }
        }
        for key in dirtyCollections {
            changes.append(.saveCollectionAccessControl(key, collectionAccessControl[key]))
        }
        for key in dirtyAppliances.sorted(by: { ($0.tenant, $0.id) < ($1.tenant, $1.id) }) {
            if let appliance = appliances[key] { changes.append(.saveAppliance(appliance)) } else { changes.append(.deleteAppliance(key)) }
        }
        for id in dirtyTasks.sorted() {
            if let task = tasks[id] { changes.append(.saveTask(task)) }
        }
        changes += pendingEvents.map(DurableChange.appendEvent)
        dirtyCollections.removeAll(keepingCapacity: true)
        dirtyTasks.removeAll(keepingCapacity: true)
        dirtyAppliances.removeAll(keepingCapacity: true)
        dirtyGroups.removeAll(keepingCapacity: true)
        deletedGroups.removeAll(keepingCapacity: true)
        dirtyTombstones.removeAll(keepingCapacity: true)
        dirtyMembers.removeAll(keepingCapacity: true)
        pendingEvents.removeAll(keepingCapacity: true)
        return changes
    }

    /// Soft state changed since the last call, for a lazy flush.
    public func drainSoftState() -> SoftStateBatch {
        var batch = SoftStateBatch()
        for key in softHeartbeats {
            if let heartbeat = groups[key.group]?.members[key.member]?.lastHeartbeat {
                batch.heartbeats.append((key, heartbeat))
            }
        }
        for key in softWatermarks {
            if let group = groups[key] { batch.watermarks.append((key, group.watermark)) }
        }
        softHeartbeats.removeAll(keepingCapacity: true)
        softWatermarks.removeAll(keepingCapacity: true)
        return batch
    }

    // MARK: Helpers shared by the operations

    func group(_ key: GroupKey) throws(EngineError) -> GroupState {
        guard let group = groups[key] else { throw .groupNotFound(key) }
        return group
    }

    /// Appends an event. `principal` names who asked when that is not the acting principal
    /// (a failover task's requester, when its handover completes on someone's heartbeat).
    func record(_ kind: GroupEvent.Kind, in group: GroupState, at now: Moment, from: MemberID? = nil,
                to: MemberID? = nil, reason: String, detail: String? = nil, principal: String?? = nil) {
        pendingEvents.append(GroupEvent(
            group: group.key, sequence: group.nextEventSequence, time: now.wall, kind: kind,
            from: from, to: to, epoch: group.epoch, reason: reason,
            principal: principal ?? (automatic ? nil : actorName), detail: detail))
        group.nextEventSequence += 1
        dirtyGroups.insert(group.key)
    }

    func markDirty(_ group: GroupState, member: MemberID) {
        dirtyMembers.insert(MemberKey(group: group.key, member: member))
    }
}

extension GroupState {
    var record: GroupRecord {
        GroupRecord(
            key: key, configuration: configuration, createdAt: createdAt, primary: primary, pending: pending,
            pendingReason: pendingReason?.rawValue, epoch: epoch, fenced: fenceUntil != nil,
            watermark: watermark, nextEventSequence: nextEventSequence, leaseHorizon: leaseHorizon,
            accessControl: accessControl, activeTask: activeTask, forcedTarget: forcedTarget, forcedBy: forcedBy,
            pause: pause)
    }
}

extension MemberState {
    func record(in group: GroupKey) -> MemberRecord {
        MemberRecord(
            group: group, registration: registration, registeredAt: registeredAt, roleOverride: roleOverride,
            overrideExpiresAt: overrideExpiresAt, lastHeartbeat: lastHeartbeat)
    }
}
