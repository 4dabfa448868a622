import Foundation

extension Engine {
    /// Creates a group. Creating it again with the same configuration changes nothing
    /// (`unchanged`); with another configuration it is a conflict.
    @discardableResult
    public func createGroup(_ key: GroupKey, _ configuration: GroupConfiguration) throws(EngineError) -> WriteOutcome {
        try Self.validate(key, configuration)
        // Confirming an existing group is a read: adapters POST their group at every start,
        // and a member-role adapter must get its 200 (or 409) without the admin role.
        try authorize(groups[key] == nil ? .configure : .read, on: key)
        if let existing = groups[key] {
            guard existing.configuration == configuration else { throw .groupConflict(key) }
            return .unchanged
        }
        insertGroup(key, configuration, at: clock.now())
        return .created
    }

    /// Creates the group or replaces its configuration (`PUT`). A new `FailoverTimeout`
    /// applies to leases from the next heartbeat on; leases already granted keep their length.
    @discardableResult
    public func putGroup(_ key: GroupKey, _ configuration: GroupConfiguration) throws(EngineError) -> WriteOutcome {
        try Self.validate(key, configuration)
        try authorize(.configure, on: key)
        guard let group = groups[key] else { return try createGroup(key, configuration) }
        guard group.configuration != configuration else { return .unchanged }
        let now = clock.now()
        let previousTimeout = group.configuration.failoverTimeout
        if configuration.failoverTimeout < previousTimeout {
            let horizon = now.wall.addingTimeInterval(previousTimeout.timeInterval)
            group.leaseHorizon = max(group.leaseHorizon ?? horizon, horizon)
        }
        group.configuration = configuration
        dirtyGroups.insert(key)
        record(.groupUpdated, in: group, at: now, reason: ChangeReason.configured.rawValue)
        evaluate(group, at: now)
        return .updated
    }

    /// Deletes an empty group with its history; a queued failover task is cancelled. A group
    /// with members is refused: deleting it would silently strip a running Primary of its
    /// role. The address keeps the group's epoch and any fence still running (a tombstone).
    public func deleteGroup(_ key: GroupKey) throws(EngineError) {
        try authorize(.deleteGroup, on: key)
        let group = try group(key)
        guard group.members.isEmpty else { throw .groupHasMembers(key, count: group.members.count) }
        dropGroup(key, at: clock.now(), taskMessage: "The group was deleted before the task finished.")
    }

    // MARK: Group lifecycle, shared by client failover groups and HA groups

    /// Adds a new group and records its creation; at the address of a deleted group it goes
    /// on from what that group promised (`inherit`).
    @discardableResult
    func insertGroup(_ key: GroupKey, _ configuration: GroupConfiguration, at now: Moment) -> GroupState {
        let group = GroupState(key: key, configuration: configuration, createdAt: now.wall)
        let inherited = inherit(into: group, at: now)
        groups[key] = group
        dirtyGroups.insert(key)
        record(.groupCreated, in: group, at: now, reason: ChangeReason.configured.rawValue, detail: inherited)
        return group
    }

    /// Adds a member to a group and records its registration (the caller evaluates).
    func insertMember(_ registration: MemberRegistration, into group: GroupState, at now: Moment) {
        group.members[registration.id] = MemberState(registration: registration, registeredAt: now.wall)
        markDirty(group, member: registration.id)
        record(.memberRegistered, in: group, at: now, to: registration.id, reason: ChangeReason.registered.rawValue)
    }

    public func configuration(of key: GroupKey) throws(EngineError) -> GroupConfiguration {
        try authorize(.read, on: key)
        return try group(key).configuration
    }

    /// The groups of one tenant's namespace that the actor may read, ordered by id.
    public func configurations(tenant: String, namespace: String) throws(EngineError) -> [GroupConfiguration] {
        try authorize(.read, on: CollectionKey(tenant: tenant, namespace: namespace))
        return groups.values
            .filter { $0.key.tenant == tenant && $0.key.namespace == namespace && mayRead($0) }
            .map(\.configuration)
            .sorted { $0.id < $1.id }
    }

    /// How many groups there are, how many have no Primary and how many are paused, over every
    /// tenant (for metrics; no authorization: the numbers name nobody).
    public func groupCounts() -> GroupCounts {
        var counts = GroupCounts()
        for group in groups.values {
            counts.groups += 1
            if group.primary == nil { counts.withoutPrimary += 1 }
            if group.pause != nil { counts.paused += 1 }
        }
        return counts
    }

    /// Every group of a namespace the actor may read, with its role state and the sequence of
    /// its latest event: where a namespace-wide stream starts.
    public func overview(tenant: String, namespace: String) throws(EngineError) -> [GroupOverview] {
        try authorize(.read, on: CollectionKey(tenant: tenant, namespace: namespace))
        let now = clock.now()
        return groups.values
            .filter { $0.key.tenant == tenant && $0.key.namespace == namespace && mayRead($0) }
            .sorted { $0.key.id < $1.key.id }
            .map { group in
                evaluate(group, at: now)
                return GroupOverview(
                    key: group.key,
                    status: GroupStatus(primary: group.primary, pendingPrimary: group.pending,
                                        lastDataProcessedTime: group.watermark, epoch: group.epoch, pause: group.pause),
                    lastSequence: group.nextEventSequence - 1)
            }
    }

    /// The group's role state, brought up to date first so a lapsed lease shows as lapsed
    /// even if the timer has not fired yet.
    public func status(of key: GroupKey) throws(EngineError) -> GroupStatus {
        try authorize(.read, on: key)
        let group = try group(key)
        evaluate(group, at: clock.now())
        return GroupStatus(
            primary: group.primary, pendingPrimary: group.pending, lastDataProcessedTime: group.watermark,
            epoch: group.epoch, pause: group.pause)
    }

    static func validate(_ key: GroupKey, _ configuration: GroupConfiguration) throws(EngineError) {
        for (field, value) in [("tenantId", key.tenant), ("namespaceId", key.namespace), ("Id", key.id)] {
            if let problem = IdentifierRule.problem(with: value) { throw .invalid(field: field, problem: problem) }
        }
        guard configuration.id == key.id else {
            throw .invalid(field: "Id", problem: "\(Quoted.text(configuration.id)) does not match the group id in the path '\(key.id)'")
        }
        guard GroupConfiguration.failoverTimeoutRange.contains(configuration.failoverTimeout) else {
            throw .invalid(
                field: "FailoverTimeout",
                problem: "\(TimeSpan.format(configuration.failoverTimeout)) is outside 00:00:00.1 to 1.00:00:00")
        }
    }
}
