import Foundation

extension Engine {
    /// Brings a group up to date at `now`, one rule after another (each in its file under
    /// `Rules/`): overrides expire (`OverrideExpiry`), runs of liveness end (`Liveness`),
    /// hysteresis clocks start or stop (`Preemption`), a failover task moves on
    /// (`Tasks/Engine+Tasks`), the election decides and the role moves without overlap
    /// (`Election`, `Handover`, `Fence`), and the next deadline is queued. Called after every
    /// change to the group and when its deadline comes.
    func evaluate(_ group: GroupState, at now: Moment) {
        expireOverrides(in: group, at: now)
        trackLiveness(in: group, at: now.instant)
        trackChallengers(in: group, at: now.instant)
        advanceTask(in: group, at: now)
        settleUntilStable(group, at: now)
        reschedule(group, at: now.instant)
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
