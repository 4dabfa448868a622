import Foundation

/// Moving the role without overlap (DESIGN.md, "Moving the role"): at once when nobody holds a
/// lease on it, through PendingPrimary otherwise; every promotion raises the epoch.
extension Engine {
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

    /// Moves the role toward the decided member without ever letting two members hold it:
    /// straight away when nobody holds a lease on it, through PendingPrimary otherwise.
    func settle(_ group: GroupState, on decision: Decision, at now: Moment) {
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
}
