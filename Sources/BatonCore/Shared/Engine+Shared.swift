import Foundation

/// The engine as one transaction of a shared store uses it: a fresh engine on the
/// database's clock, the locked groups installed from their images, one or more operations,
/// then the changed images written back. No state survives the transaction, so no
/// instance ever acts on a stale copy of a group.
extension Engine {
    /// Replaces (or adds) a group with the state an image carries.
    ///
    /// `resumedAt` is when the service came back after nobody could serve (every instance
    /// down, or the database unreachable). As after a restart of the single coordinator,
    /// members not heard from since then keep their role for one timeout of grace but
    /// cannot win one until they heartbeat again. Applying it twice changes nothing.
    public func install(_ image: GroupImage, resumedAt: Instant? = nil) {
        let record = image.record
        let group = GroupState(key: record.key, configuration: record.configuration, createdAt: record.createdAt)
        group.primary = record.primary
        group.pending = record.pending
        group.pendingReason = record.pendingReason.flatMap(ChangeReason.init(rawValue:))
        group.epoch = record.epoch
        group.leaseHorizon = record.leaseHorizon
        group.watermark = record.watermark
        group.nextEventSequence = record.nextEventSequence
        group.accessControl = record.accessControl
        group.pause = record.pause
        group.activeTask = record.activeTask
        group.forcedTarget = record.forcedTarget
        group.forcedBy = record.forcedBy
        group.fenceUntil = image.fenceUntil
        group.fenceHolder = image.fenceUntil == nil ? nil : image.fenceHolder
        group.taskDeadline = image.taskDeadline
        group.graceUntil = image.graceUntil
        for memberImage in image.members {
            let member = MemberState(registration: memberImage.record.registration,
                                     registeredAt: memberImage.record.registeredAt)
            member.roleOverride = memberImage.record.roleOverride
            member.overrideExpiresAt = memberImage.record.overrideExpiresAt
            member.overrideDeadline = memberImage.overrideDeadline
            member.lastHeartbeat = memberImage.record.lastHeartbeat
            member.lastReceived = memberImage.lastReceived
            member.leaseExpiry = memberImage.leaseExpiry
            member.heartbeatSinceStart = memberImage.heartbeatSinceStart
            member.liveSince = memberImage.liveSince
            member.betterThanPrimarySince = memberImage.betterThanPrimarySince
            group.members[member.id] = member
        }
        if let resumedAt { applyResumptionGrace(to: group, resumedAt: resumedAt) }
        groups[record.key] = group
    }

    /// The group's whole state, for writing back; nil when it does not exist (any more).
    public func image(of key: GroupKey) -> GroupImage? {
        guard let group = groups[key] else { return nil }
        return GroupImage(
            record: group.record, fenceUntil: group.fenceUntil, fenceHolder: group.fenceHolder, taskDeadline: group.taskDeadline,
            graceUntil: group.graceUntil,
            members: group.members.values.sorted { $0.id < $1.id }.map { member in
                MemberImage(
                    record: member.record(in: key), overrideDeadline: member.overrideDeadline,
                    lastReceived: member.lastReceived, leaseExpiry: member.leaseExpiry,
                    heartbeatSinceStart: member.heartbeatSinceStart, liveSince: member.liveSince,
                    betterThanPrimarySince: member.betterThanPrimarySince)
            })
    }

    /// Every group the engine holds.
    public var groupKeys: [GroupKey] { groups.keys.sorted() }

    /// When time alone could next change the group's decision: what the shared store
    /// polls on, so whichever instance is free handles it.
    public func wakeAt(of key: GroupKey) -> Instant? {
        groups[key]?.nextDeadline(after: clock.now().instant)
    }

    /// Brings one group up to date at the engine's now: what a due deadline triggers.
    public func evaluateNow(_ key: GroupKey) {
        guard let group = groups[key] else { return }
        automatic = true
        defer { automatic = false }
        evaluate(group, at: clock.now())
    }

    /// Adds records a shared-store transaction loaded alongside its groups.
    public func load(tasks loaded: [FailoverTask]) {
        for task in loaded { tasks[task.id] = task }
    }

    public func load(appliances loaded: [ApplianceRecord]) {
        for appliance in loaded { appliances[appliance.key] = appliance }
    }

    public func load(collectionAccessControl loaded: [CollectionKey: AccessControlList]) {
        collectionAccessControl.merge(loaded) { _, new in new }
    }
}

/// A clock that always reads the same moment: one shared-store transaction's "now", read
/// from the database once, after its locks are held.
public struct FixedClock: BatonClock {
    public let moment: Moment

    public init(_ moment: Moment) {
        self.moment = moment
    }

    /// The database clock in nanoseconds since the Unix epoch, both as the instant and as
    /// the wall time.
    public init(databaseNanoseconds: Int64) {
        moment = Moment(instant: Instant(nanoseconds: databaseNanoseconds),
                        wall: Date(timeIntervalSince1970: Double(databaseNanoseconds) / 1e9))
    }

    public func now() -> Moment { moment }
}

extension Engine {
    /// Whether anything durable changed since the journal was last drained.
    public var journalIsEmpty: Bool {
        dirtyGroups.isEmpty && deletedGroups.isEmpty && dirtyCollections.isEmpty && dirtyTasks.isEmpty
            && dirtyAppliances.isEmpty && dirtyMembers.isEmpty && pendingEvents.isEmpty
    }
}
