import Foundation

extension Engine {
    /// A running failover that has not completed within this many timeouts fails.
    public static let failoverTimeoutFactor = 2
    /// How far ahead a failover may be scheduled: 366 days, like a role override's longest
    /// expiration. Later is refused (400), so every deadline stays far inside the clock's range.
    public static let maximumScheduleAhead: Duration = .seconds(366 * 86_400)

    /// Accepts a planned failover of the group: to `target`, or else to the best live member
    /// other than the Primary; now, or at `scheduledAt`. Refused (409) when no live eligible
    /// member other than the Primary exists, another failover of the group is queued or
    /// running, the target already is Primary, or a Primary override holds the group.
    public func requestFailover(
        of key: GroupKey, to target: MemberID?, at scheduledAt: Date?, reason: String?, taskID: String
    ) throws(EngineError) -> FailoverTask {
        try authorize(.steer, on: key)
        let group = try group(key)
        let now = clock.now()
        if let scheduledAt, scheduledAt.timeIntervalSince(now.wall) > Self.maximumScheduleAhead.timeInterval {
            throw .invalid(field: "ScheduledTime", problem: "is more than 366 days ahead; schedule the failover sooner")
        }
        evaluate(group, at: now)
        if let active = group.activeTask, let task = tasks[active] {
            throw .failoverRefused(.failoverInProgress,
                                   detail: "Failover task \(active) of group '\(key.id)' is still \(task.status.rawValue)")
        }
        if let target, group.members[target] == nil { throw .memberNotFound(key, target) }
        _ = try chooseTarget(in: group, requested: target, at: now.instant)

        let task = FailoverTask(
            id: taskID, group: key, requestedTarget: target, scheduledAt: scheduledAt, reason: reason,
            principal: actorName, createdAt: now.wall)
        tasks[taskID] = task
        dirtyTasks.insert(taskID)
        group.activeTask = taskID
        dirtyGroups.insert(key)
        record(.taskQueued, in: group, at: now, to: target, reason: ChangeReason.forced.rawValue,
               detail: taskDetail(task), principal: task.principal)
        if let scheduledAt, scheduledAt > now.wall {
            group.taskDeadline = now.instant + .nanoseconds(saturating: scheduledAt.timeIntervalSince(now.wall))
        } else {
            group.taskDeadline = now.instant
        }
        evaluate(group, at: now)
        return tasks[taskID]!
    }

    /// Cancels a queued failover; one that has started or finished cannot be cancelled.
    public func cancelFailover(_ id: String) throws(EngineError) -> FailoverTask {
        guard let task = tasks[id] else { throw .taskNotFound(id) }
        try authorize(.steer, on: task.group)
        guard task.status == .queued, let group = groups[task.group], group.activeTask == id else {
            throw .failoverRefused(.notCancelable, detail: "Task \(id) is \(task.status.rawValue)")
        }
        finish(id, in: group, as: .canceled, message: "Cancelled before it started.", at: clock.now())
        return tasks[id]!
    }

    public func task(_ id: String) throws(EngineError) -> FailoverTask {
        guard let task = tasks[id] else { throw .taskNotFound(id) }
        do {
            try authorize(.read, on: task.group)
        } catch {
            // Another tenant's task id reveals nothing: it does not exist for this principal.
            throw .taskNotFound(id)
        }
        if let group = groups[task.group] { evaluate(group, at: clock.now()) }
        return tasks[id]!
    }

    /// Every task the actor may read, newest first.
    public func visibleTasks() -> [FailoverTask] {
        tasks.values
            .filter { (try? authorize(.read, on: $0.group)) != nil }
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    // MARK: Driven by evaluation

    /// Starts a queued task whose time has come, and fails a running one whose target can no
    /// longer take the role or whose time is up. Runs before the election.
    func advanceTask(in group: GroupState, at now: Moment) {
        guard let id = group.activeTask, let task = tasks[id] else { return }
        switch task.status {
        case .queued:
            guard let due = group.taskDeadline, now.instant >= due else { return }
            if let grace = group.graceUntil, now.instant < grace,
               (try? chooseTarget(in: group, requested: task.requestedTarget, at: now.instant)) == nil {
                return  // after a restart: wait for the members to heartbeat, or for grace to end
            }
            start(id, in: group, at: now)
        case .running:
            guard let target = task.target else { return }
            let member = group.members[target]
            if member == nil || member!.isDrained || !member!.holdsLease(at: now.instant) {
                let keeper = group.primary.map { "; \($0) keeps the role" } ?? ""
                finish(id, in: group, as: .failed,
                       message: "The target \(target) stopped heartbeating before it took the role\(keeper).", at: now)
            } else if let deadline = group.taskDeadline, now.instant >= deadline {
                finish(id, in: group, as: .failed,
                       message: "The handover did not complete within \(Self.failoverTimeoutFactor) × FailoverTimeout.", at: now)
            }
        case .success, .failed, .canceled:
            group.activeTask = nil
        }
    }

    /// Called when `member` has just been promoted: completes the task that asked for it.
    func completeTask(promoting member: MemberID, in group: GroupState, at now: Moment) {
        guard let id = group.activeTask, let task = tasks[id], task.status == .running, task.target == member else { return }
        tasks[id]!.epoch = group.epoch
        finish(id, in: group, as: .success, message: "\(member) is Primary with epoch \(group.epoch).", at: now)
    }

    private func start(_ id: String, in group: GroupState, at now: Moment) {
        let target: MemberID
        do {
            target = try chooseTarget(in: group, requested: tasks[id]!.requestedTarget, at: now.instant)
        } catch {
            let message: String
            if case .failoverRefused(_, let detail) = error { message = detail + "." } else { message = "\(error)" }
            finish(id, in: group, as: .failed, message: message, at: now)
            return
        }
        tasks[id]!.status = .running
        tasks[id]!.startedAt = now.wall
        tasks[id]!.target = target
        tasks[id]!.fromPrimary = group.primary
        tasks[id]!.steps.append(.init(title: "Choose the target", status: .success, startTime: now.wall, endTime: now.wall,
                                      message: "\(target)"))
        tasks[id]!.steps.append(.init(title: FailoverTask.handoverStep, status: .running, startTime: now.wall))
        dirtyTasks.insert(id)
        group.forcedTarget = target
        group.forcedBy = tasks[id]!.principal
        group.taskDeadline = now.instant + group.timeout * Self.failoverTimeoutFactor
        dirtyGroups.insert(group.key)
        record(.taskStarted, in: group, at: now, from: group.primary, to: target, reason: ChangeReason.forced.rawValue,
               detail: taskDetail(tasks[id]!), principal: tasks[id]!.principal)
    }

    func finish(_ id: String, in group: GroupState, as status: FailoverTask.Status, message: String, at now: Moment) {
        tasks[id]!.status = status
        tasks[id]!.message = message
        tasks[id]!.endedAt = now.wall
        if let last = tasks[id]!.steps.indices.last, tasks[id]!.steps[last].status == .running {
            tasks[id]!.steps[last].status = status
            tasks[id]!.steps[last].endTime = now.wall
            tasks[id]!.steps[last].message = message
        } else {
            tasks[id]!.steps.append(.init(title: status == .canceled ? "Cancel" : "Finish", status: status,
                                          startTime: now.wall, endTime: now.wall, message: message))
        }
        dirtyTasks.insert(id)
        // A task belongs to one incarnation of its group: it only ever clears its own.
        if group.activeTask == id {
            group.activeTask = nil
            group.forcedTarget = nil
            group.forcedBy = nil
            group.taskDeadline = nil
            dirtyGroups.insert(group.key)
        }
        let kind: GroupEvent.Kind = switch status {
        case .success: .taskSucceeded
        case .canceled: .taskCanceled
        default: .taskFailed
        }
        record(kind, in: group, at: now, from: tasks[id]!.fromPrimary, to: tasks[id]!.target,
               reason: ChangeReason.forced.rawValue, detail: "task \(id): \(message)", principal: tasks[id]!.principal)
    }

    /// The member a failover would move the role to, or the refusal.
    private func chooseTarget(in group: GroupState, requested: MemberID?, at now: Instant) throws(EngineError) -> MemberID {
        if let overridden = group.members.values.first(where: { $0.roleOverride == .primary }), overridden.id != requested {
            throw .failoverRefused(.overrideHolds, detail: "A Primary role override on \(overridden.id) holds group '\(group.key.id)'")
        }
        if let requested {
            if requested == group.primary {
                throw .failoverRefused(.targetIsPrimary, detail: "\(requested) already is the Primary of group '\(group.key.id)'")
            }
            guard let member = group.members[requested], member.isEligible(at: now) else {
                throw .failoverRefused(.noLiveStandby, detail: "The target \(requested) is not live and eligible")
            }
            return requested
        }
        var best: MemberState?
        for member in group.members.values where member.id != group.primary && member.isEligible(at: now) {
            if Election.precedes(member, best) { best = member }
        }
        guard let best else {
            throw .failoverRefused(.noLiveStandby, detail: "Group '\(group.key.id)' has no live eligible member other than the Primary")
        }
        return best.id
    }

    private func taskDetail(_ task: FailoverTask) -> String {
        var detail = "task \(task.id)"
        if let reason = task.reason, !reason.isEmpty { detail += ": \(reason)" }
        return detail
    }

    /// How events name the acting principal (nil when authentication is off).
    var actorName: String? { actor.kind == .anonymous ? nil : actor.description }
}

extension Duration {
    /// Saturating at `Int64` nanoseconds.
    static func * (lhs: Duration, rhs: Int) -> Duration {
        let (product, overflow) = lhs.nanoseconds.multipliedReportingOverflow(by: Int64(rhs))
        return .nanoseconds(overflow ? ((lhs < .zero) == (rhs < 0) ? .max : .min) : product)
    }
}
