import BatonJSON
import Foundation

/// Appliances and HA groups (the HCX API) on the same engine as client failover groups. An
/// HA group is a group whose members are appliances, with no preemption by default.
extension Engine {
    // MARK: Appliances

    @discardableResult
    public func registerAppliance(_ registration: ApplianceRegistration, tenant: String) throws(EngineError) -> WriteOutcome {
        if let problem = IdentifierRule.problem(with: registration.id) { throw .invalid(field: "applianceId", problem: problem) }
        try authorize(.participate, on: HAGroups.collection(tenant: tenant))
        let key = ApplianceKey(tenant: tenant, id: registration.id)
        if let existing = appliances[key] {
            guard existing.registration == registration else { throw .applianceConflict(registration.id) }
            return .unchanged
        }
        appliances[key] = ApplianceRecord(tenant: tenant, registration: registration, registeredAt: clock.now().wall)
        dirtyAppliances.insert(key)
        return .created
    }

    /// Removes an appliance that is in no HA group.
    public func removeAppliance(_ id: String, tenant: String) throws(EngineError) {
        try authorize(.removeMember, on: HAGroups.collection(tenant: tenant))
        let key = ApplianceKey(tenant: tenant, id: id)
        guard let appliance = appliances[key] else { throw .applianceNotFound(id) }
        if let group = appliance.group { throw .applianceInGroup(id, group: group) }
        appliances[key] = nil
        applianceHeartbeats[key] = nil
        dirtyAppliances.insert(key)
    }

    public func appliances(tenant: String) throws(EngineError) -> [ApplianceRecord] {
        try authorize(.read, on: HAGroups.collection(tenant: tenant))
        return appliances.values.filter { $0.tenant == tenant }.sorted { $0.registration.id < $1.registration.id }
    }

    public func appliance(_ id: String, tenant: String) throws(EngineError) -> ApplianceRecord {
        try authorize(.read, on: HAGroups.collection(tenant: tenant))
        guard let appliance = appliances[ApplianceKey(tenant: tenant, id: id)] else { throw .applianceNotFound(id) }
        return appliance
    }

    /// The epoch while the appliance is ACTIVE in its HA group and holds its lease, else nil.
    public func heldActiveEpoch(of id: String, tenant: String) throws(EngineError) -> UInt64? {
        try authorize(.read, on: HAGroups.collection(tenant: tenant))
        guard let appliance = appliances[ApplianceKey(tenant: tenant, id: id)] else { throw .applianceNotFound(id) }
        guard let group = appliance.group else { return nil }
        return try heldPrimaryEpoch(of: id, in: HAGroups.key(tenant: tenant, id: group))
    }

    /// An appliance's heartbeat: in a group it is that group's member heartbeat; alone it is
    /// only recorded, and the appliance has no role.
    public func applianceHeartbeat(_ id: String, tenant: String, score: Double) throws(EngineError) -> ApplianceHeartbeatAnswer {
        let key = ApplianceKey(tenant: tenant, id: id)
        try authorize(.participate, on: HAGroups.collection(tenant: tenant))
        guard let appliance = appliances[key] else { throw .applianceNotFound(id) }
        guard let group = appliance.group else {
            guard HeartbeatInput.scoreRange.contains(score) else {
                throw .invalid(field: "score", problem: "\(score) is outside 0 to 100")
            }
            applianceHeartbeats[key] = HeartbeatRecord(score: score, receivedAt: clock.now().wall)
            return ApplianceHeartbeatAnswer(role: nil, group: nil, epoch: nil)
        }
        let answer = try heartbeat(HeartbeatInput(score: score), from: id, in: HAGroups.key(tenant: tenant, id: group))
        return ApplianceHeartbeatAnswer(role: answer.role, group: group, epoch: answer.epoch)
    }

    // MARK: HA groups

    /// Creates an HA group of registered appliances that belong to no other group; HCX runs
    /// it as a task, which here succeeds at once.
    public func createHAGroup(
        tenant: String, id: String, name: String?, appliances members: [String], preemption: PreemptionPolicy,
        failoverTimeout: Duration, serviceMeshID: String?, taskID: String
    ) throws(EngineError) -> FailoverTask {
        if let problem = IdentifierRule.problem(with: id) { throw .invalid(field: "groupId", problem: problem) }
        guard !members.isEmpty else { throw .invalid(field: "appliances", problem: "must name at least one appliance") }
        guard Set(members).count == members.count else { throw .invalid(field: "appliances", problem: "names an appliance twice") }
        guard GroupConfiguration.failoverTimeoutRange.contains(failoverTimeout) else {
            throw .invalid(field: "failoverTimeout", problem: "\(TimeSpan.format(failoverTimeout)) is outside 00:00:00.1 to 1.00:00:00")
        }
        let key = HAGroups.key(tenant: tenant, id: id)
        try authorize(.configure, on: key)
        guard groups[key] == nil else { throw .groupConflict(key) }
        var meshes: [String: String] = [:]  // service mesh → the first appliance in it
        for member in members {
            guard let appliance = appliances[ApplianceKey(tenant: tenant, id: member)] else { throw .applianceNotFound(member) }
            if let group = appliance.group { throw .applianceInGroup(member, group: group) }
            if let mesh = appliance.registration.serviceMeshID, meshes[mesh] == nil { meshes[mesh] = member }
        }
        // A group lives in its appliances' service mesh: appliances of two meshes cannot form
        // one group, and a serviceMeshId given with the group must be theirs. Appliances
        // registered without a mesh take the group's.
        if meshes.count > 1 {
            let named = meshes.sorted { $0.key < $1.key }.map { "\($0.value) is in '\($0.key)'" }.joined(separator: ", ")
            throw .serviceMeshConflict("The appliances are in more than one service mesh (\(named)).")
        }
        let applianceMesh = meshes.first?.key
        if let serviceMeshID, let applianceMesh, serviceMeshID != applianceMesh {
            throw .serviceMeshConflict("serviceMeshId \(Quoted.text(serviceMeshID)) is not the appliances' service mesh '\(applianceMesh)'.")
        }
        let now = clock.now()
        var metadata: [String: JSONValue] = [:]
        if let mesh = serviceMeshID ?? applianceMesh { metadata["serviceMeshId"] = .string(mesh) }
        let group = insertGroup(
            key,
            GroupConfiguration(
                id: id, name: name, failoverTimeout: failoverTimeout, additionalData: .object(metadata), preemption: preemption),
            at: now)
        for member in members {
            let applianceKey = ApplianceKey(tenant: tenant, id: member)
            let registration = appliances[applianceKey]!.registration
            insertMember(MemberRegistration(id: member, name: registration.name), into: group, at: now)
            appliances[applianceKey]!.group = id
            dirtyAppliances.insert(applianceKey)
        }
        evaluate(group, at: now)
        return finishedTask(taskID, .createGroup, for: key, at: now, message: "HA group \(id) created with \(members.count) appliance(s).")
    }

    /// Deletes an HA group and releases its appliances. A group with a failover queued or
    /// running is refused unless `force`, which cancels that task. The address keeps the
    /// group's epoch and the ACTIVE appliance's running lease (a tombstone), so a group
    /// created again under the same id makes nobody ACTIVE before that lease runs out.
    public func deleteHAGroup(_ key: GroupKey, force: Bool, taskID: String) throws(EngineError) -> FailoverTask {
        try authorize(.deleteGroup, on: key)
        let group = try group(key)
        let now = clock.now()
        if let active = group.activeTask, let task = tasks[active], !force {
            throw .failoverRefused(.failoverInProgress, detail: "Failover task \(active) of group '\(key.id)' is still \(task.status.rawValue)")
        }
        for id in group.members.keys {
            let applianceKey = ApplianceKey(tenant: key.tenant, id: id)
            if appliances[applianceKey] != nil {
                appliances[applianceKey]!.group = nil
                dirtyAppliances.insert(applianceKey)
            }
        }
        dropGroup(key, at: now, taskMessage: "The HA group was deleted (force) before the task finished.")
        return finishedTask(taskID, .deleteGroup, for: key, at: now, message: "HA group \(key.id) deleted.")
    }

    /// HA groups of a tenant that the actor may read, ordered by id.
    public func haGroups(tenant: String) throws(EngineError) -> [GroupKey] {
        try authorize(.read, on: HAGroups.collection(tenant: tenant))
        return groups.keys.filter { $0.tenant == tenant && $0.namespace == HAGroups.namespace && mayRead(groups[$0]!) }.sorted()
    }

    /// An HA group's members with their roles and liveness, for its `groupMembers` and status.
    public func haGroup(_ key: GroupKey) throws(EngineError) -> (configuration: GroupConfiguration, status: GroupStatus, members: [MemberView], failoverRunning: Bool) {
        try authorize(.read, on: key)
        let group = try group(key)
        let now = clock.now()
        evaluate(group, at: now)
        let views = group.members.values.sorted { $0.id < $1.id }.map { view(of: $0, in: group, at: now.instant) }
        let status = GroupStatus(primary: group.primary, pendingPrimary: group.pending,
                                 lastDataProcessedTime: group.watermark, epoch: group.epoch, pause: group.pause)
        return (group.configuration, status, views, group.activeTask != nil)
    }

    private func finishedTask(_ id: String, _ kind: FailoverTask.Kind, for key: GroupKey, at now: Moment, message: String) -> FailoverTask {
        var task = FailoverTask(id: id, group: key, requestedTarget: nil, scheduledAt: nil, reason: nil,
                                principal: actorName, createdAt: now.wall)
        task.kind = kind
        task.status = .success
        task.startedAt = now.wall
        task.endedAt = now.wall
        task.message = message
        task.steps.append(.init(title: kind == .createGroup ? "Create the HA group" : "Delete the HA group",
                                status: .success, startTime: now.wall, endTime: now.wall, message: message))
        tasks[id] = task
        dirtyTasks.insert(id)
        return task
    }
}
