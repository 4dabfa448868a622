import Foundation

extension Engine {
    /// Brings a group up to date at `now`: expires overrides, tracks liveness and
    /// hysteresis, decides who should be Primary and moves the role toward that member.
    /// Called after every change to the group and when its deadline comes.
    func evaluate(_ group: GroupState, at now: Moment) {
        expireOverrides(in: group, at: now)
        trackLiveness(in: group, at: now.instant)
        trackChallengers(in: group, at: now.instant)
        advanceTask(in: group, at: now)
        settleUntilStable(group, at: now)
        reschedule(group, at: now.instant)
    }

    /// Decides and moves the role until the decision no longer changes: a promotion can end
    /// a failover task and so change what the election says next. Evaluating twice at the
    /// same instant must find nothing more to do.
    func settleUntilStable(_ group: GroupState, at now: Moment) {
        for _ in 0..<4 {
            let before = (group.primary, group.pending, group.forcedTarget)
            settle(group, on: Election.decide(group, at: now.instant), at: now)
            if (group.primary, group.pending, group.forcedTarget) == before { return }
        }
    }

    private func expireOverrides(in group: GroupState, at now: Moment) {
        var due: [MemberID] = []
        for (id, member) in group.members {
            if let deadline = member.overrideDeadline, deadline <= now.instant { due.append(id) }
        }
        // In id order, so every instance records the same history in the same order.
        for id in due.sorted() {
            let member = group.members[id]!
            let expired = member.roleOverride
            group.members[id]!.roleOverride = .off
            group.members[id]!.overrideExpiresAt = nil
            group.members[id]!.overrideDeadline = nil
            markDirty(group, member: id)
            record(.roleOverrideExpired, in: group, at: now, to: id, reason: ChangeReason.override.rawValue,
                   detail: expired.name)
        }
    }

    /// A member whose lease ran out has ended its run of liveness; it starts a new one with
    /// its next heartbeat.
    private func trackLiveness(in group: GroupState, at now: Instant) {
        for (id, member) in group.members where member.liveSince != nil && !member.isLive(at: now) {
            group.members[id]!.liveSince = nil
        }
    }

    /// Starts or stops each member's hysteresis clock: how long its score has been strictly
    /// above a Primary that is live with a fresh heartbeat.
    func trackChallengers(in group: GroupState, at now: Instant) {
        let primary = group.primary.flatMap { group.members[$0] }.flatMap { $0.isLive(at: now) ? $0 : nil }
        for (id, member) in group.members {
            let better: Bool
            if let primary, id != primary.id {
                better = member.isEligible(at: now) && member.score > primary.score
            } else {
                better = false
            }
            if better {
                if member.betterThanPrimarySince == nil { group.members[id]!.betterThanPrimarySince = now }
            } else if member.betterThanPrimarySince != nil {
                group.members[id]!.betterThanPrimarySince = nil
            }
        }
    }

    /// Moves the role toward the decided member without ever letting two members hold it:
    /// straight away when nobody holds a lease on it, through PendingPrimary otherwise.
    private func settle(_ group: GroupState, on decision: Decision, at now: Moment) {
        let current = group.primary
        guard decision.member != current else {
            if let pending = group.pending {
                group.pending = nil
                group.pendingReason = nil
                // The pending member still eligible means the Primary won back its place;
                // otherwise the pending member died or was drained.
                let stillEligible = group.members[pending]?.isEligible(at: now.instant) ?? false
                record(.handoverCancelled, in: group, at: now, from: current, to: pending,
                       reason: (stillEligible ? ChangeReason.primaryPreferred : .targetLost).rawValue)
            }
            return
        }
        guard let desired = decision.member else {
            // Nobody can take the role; the Primary (if any) no longer holds its lease.
            if let pending = group.pending {
                group.pending = nil
                group.pendingReason = nil
                record(.handoverCancelled, in: group, at: now, from: current, to: pending,
                       reason: ChangeReason.targetLost.rawValue)
            }
            if let current {
                group.primary = nil
                dirtyGroups.insert(group.key)
                record(.primaryChanged, in: group, at: now, from: current, to: nil, reason: decision.reason.rawValue)
            }
            return
        }
        let currentHoldsLease = current.flatMap { group.members[$0] }?.holdsLease(at: now.instant) ?? false
        let fenced = group.isFenced(against: desired, at: now.instant)
        if !currentHoldsLease && !fenced {
            promote(desired, in: group, reason: decision.reason, at: now)
        } else if group.pending != desired {
            if let previous = group.pending {
                record(.handoverCancelled, in: group, at: now, from: current, to: previous,
                       reason: ChangeReason.retargeted.rawValue)
            }
            group.pending = desired
            group.pendingReason = decision.reason
            dirtyGroups.insert(group.key)
            record(.handoverStarted, in: group, at: now, from: current, to: desired, reason: decision.reason.rawValue,
                   principal: decision.reason == .forced ? .some(group.forcedBy) : nil)
        }
    }

    /// Makes `member` Primary with the next epoch.
    func promote(_ member: MemberID, in group: GroupState, reason: ChangeReason, at now: Moment) {
        let previous = group.primary
        if let pending = group.pending, pending != member {
            record(.handoverCancelled, in: group, at: now, from: previous, to: pending,
                   reason: ChangeReason.retargeted.rawValue)
        }
        group.epoch += 1
        group.primary = member
        group.pending = nil
        group.pendingReason = nil
        if member == group.fenceHolder, let end = group.fenceUntil, let promoted = group.members[member] {
            // The member the fence waited for takes the role again: the lease it may still be
            // acting on becomes its lease as Primary, so the role cannot leave it (say, when
            // an override that chose it while silent expires) before that lease has run out.
            promoted.leaseExpiry = max(promoted.leaseExpiry ?? end, end)
        }
        group.liftFence()
        for id in group.members.keys where group.members[id]!.betterThanPrimarySince != nil {
            group.members[id]!.betterThanPrimarySince = nil
        }
        trackChallengers(in: group, at: now.instant)
        dirtyGroups.insert(group.key)
        record(.primaryChanged, in: group, at: now, from: previous, to: member, reason: reason.rawValue,
               principal: reason == .forced ? .some(group.forcedBy) : nil)
        completeTask(promoting: member, in: group, at: now)
    }

    /// Queues the group under its next deadline when that is earlier than what it is
    /// queued under; a later deadline is found when the earlier entry fires.
    func reschedule(_ group: GroupState, at now: Instant) {
        if let fence = group.fenceUntil, fence <= now { group.liftFence(); dirtyGroups.insert(group.key) }
        guard let next = group.nextDeadline(after: now) else {
            group.scheduledWakeup = nil
            return
        }
        if let scheduled = group.scheduledWakeup, scheduled > now, scheduled <= next { return }
        group.scheduledWakeup = next
        deadlines.schedule(group.key, at: next)
    }
}
