import Foundation

extension Engine {
    /// Rebuilds the engine from what the store kept. Every member gets one
    /// `FailoverTimeout` of grace, so a restart alone never causes a failover; grace never
    /// makes anyone electable. Overrides resume with their remaining wall-clock time.
    public convenience init(clock: any BatonClock, restoring snapshot: EngineSnapshot) {
        self.init(clock: clock)
        let now = clock.now()
        collectionAccessControl = snapshot.collectionAccessControl
        for task in snapshot.tasks { tasks[task.id] = task }
        for appliance in snapshot.appliances { appliances[appliance.key] = appliance }
        for record in snapshot.groups {
            let group = GroupState(key: record.key, configuration: record.configuration, createdAt: record.createdAt)
            group.primary = record.primary
            group.pending = record.pending
            group.pendingReason = record.pendingReason.flatMap(ChangeReason.init(rawValue:))
            group.epoch = record.epoch
            group.leaseHorizon = record.leaseHorizon.flatMap { $0 > now.wall ? $0 : nil }
            group.fenceUntil = record.fenced ? now.instant + Self.grace(for: group, at: now.wall) : nil
            group.watermark = record.watermark
            group.nextEventSequence = record.nextEventSequence
            group.accessControl = record.accessControl
            group.pause = record.pause
            group.graceUntil = now.instant + Self.grace(for: group, at: now.wall)
            restoreTask(record, into: group, at: now)
            groups[record.key] = group
        }
        for record in snapshot.members {
            guard let group = groups[record.group] else { continue }
            let member = MemberState(registration: record.registration, registeredAt: record.registeredAt)
            member.roleOverride = record.roleOverride
            member.overrideExpiresAt = record.overrideExpiresAt
            if let expiresAt = record.overrideExpiresAt, record.roleOverride != .off {
                let remaining = Duration.nanoseconds(saturating: expiresAt.timeIntervalSince(now.wall))
                member.overrideDeadline = now.instant + max(remaining, .zero)
            }
            member.lastHeartbeat = record.lastHeartbeat
            member.leaseExpiry = now.instant + Self.grace(for: group, at: now.wall)
            group.members[record.registration.id] = member
        }
        for tombstone in snapshot.tombstones { install(tombstone, restarted: true) }
        endOrphanedTasks(at: now)
        for group in groups.values {
            if let primary = group.primary, group.members[primary] == nil { group.primary = nil }
            if let pending = group.pending, group.members[pending] == nil { group.pending = nil }
            evaluate(group, at: now)
        }
    }

    /// A task left unfinished by a group that no longer runs it (deleted before deletion
    /// ended its tasks) would otherwise stay QUEUED forever and could reach a later group
    /// of the same id: it ends now.
    private func endOrphanedTasks(at now: Moment) {
        for (id, task) in tasks where !task.status.isFinished && groups[task.group]?.activeTask != id {
            tasks[id]!.status = .canceled
            tasks[id]!.endedAt = now.wall
            tasks[id]!.message = "The group was deleted before the task finished."
            tasks[id]!.steps.append(.init(title: "Cancel", status: .canceled, startTime: now.wall, endTime: now.wall,
                                          message: tasks[id]!.message))
            dirtyTasks.insert(id)
        }
    }

    /// A queued task keeps its schedule; a running one resumes with a fresh deadline, since
    /// restart grace holds every lease for one timeout before the handover can go on.
    private func restoreTask(_ record: GroupRecord, into group: GroupState, at now: Moment) {
        guard let id = record.activeTask, let task = tasks[id], !task.status.isFinished else { return }
        group.activeTask = id
        switch task.status {
        case .queued:
            let wait = task.scheduledAt.map { max(0, $0.timeIntervalSince(now.wall)) } ?? 0
            group.taskDeadline = now.instant + .nanoseconds(saturating: wait)
        case .running:
            group.forcedTarget = record.forcedTarget ?? task.target
            group.forcedBy = record.forcedBy ?? task.principal
            group.taskDeadline = now.instant + Self.grace(for: group, at: now.wall) + group.timeout * Self.failoverTimeoutFactor
            tasks[id]!.steps.append(.init(title: "Resume after a coordinator restart", status: .success,
                                          startTime: now.wall, endTime: now.wall))
            dirtyTasks.insert(id)
        default:
            break
        }
    }
}
