import Foundation

extension Engine {
    /// A member's heartbeat: renews its lease, records its score, re-evaluates the group and
    /// answers the member's role. When this member is the Primary and a successor is
    /// pending, this answer is the demotion notice: the member is told `Secondary` and the
    /// successor becomes Primary with the next epoch in the same step.
    public func heartbeat(_ input: HeartbeatInput, from id: MemberID, in key: GroupKey) throws(EngineError) -> HeartbeatAnswer {
        guard HeartbeatInput.scoreRange.contains(input.score) else {
            throw .invalid(field: "FailoverScore", problem: "\(input.score) is outside 0 to 100")
        }
        try authorize(.participate, on: key)
        let group = try group(key)
        guard group.members[id] != nil else { throw .memberNotFound(key, id) }
        let now = clock.now()
        // What follows from a heartbeat is the engine's own doing, not the sender's request.
        automatic = true
        defer { automatic = false }

        let wasLive = group.members[id]!.isLive(at: now.instant)
        if !wasLive { group.members[id]!.liveSince = now.instant }
        // A lease already granted (restart grace included) is never shortened: after the
        // timeout was shortened, a member whose answer to this heartbeat is lost still acts
        // on the longer lease its previous answer gave it.
        let renewed = now.instant + group.timeout
        group.members[id]!.leaseExpiry = max(group.members[id]!.leaseExpiry ?? renewed, renewed)
        group.members[id]!.lastReceived = now.instant
        group.members[id]!.heartbeatSinceStart = true
        group.members[id]!.lastHeartbeat = HeartbeatRecord(
            score: input.score, heartbeatTime: input.heartbeatTime,
            lastDataProcessedTime: input.lastDataProcessedTime, receivedAt: now.wall)
        softHeartbeats.insert(MemberKey(group: key, member: id))
        if group.primary == id {
            group.watermark = input.lastDataProcessedTime ?? now.wall
            softWatermarks.insert(key)
        }

        evaluate(group, at: now)

        if group.primary == id, let successor = group.pending {
            promote(successor, in: group, reason: group.pendingReason ?? .demotionDelivered, at: now)
            settleUntilStable(group, at: now)
            reschedule(group, at: now.instant)
        } else if group.fenceHolder == id, group.fenceUntil != nil, group.primary != id {
            // The member the fence waits for is told, with this answer, that it does not hold
            // the role: like a delivered demotion, its old lease no longer holds anyone back.
            group.liftFence()
            dirtyGroups.insert(key)
            settleUntilStable(group, at: now)
            reschedule(group, at: now.instant)
        }
        return answer(to: id, in: group, at: now.instant)
    }
}

extension Engine {
    /// What a heartbeat from `id` would be told now, without being one: nothing is renewed,
    /// recorded or delivered. A held heartbeat (`Baton-Hold`) is answered with this when the
    /// member's role changes while it waits; its lease still runs from the heartbeat's receipt,
    /// which came earlier, so the answer never grants more than the heartbeat did.
    public func currentAnswer(to id: MemberID, in key: GroupKey) throws(EngineError) -> HeartbeatAnswer {
        try authorize(.participate, on: key)
        let group = try group(key)
        guard group.members[id] != nil else { throw .memberNotFound(key, id) }
        return answer(to: id, in: group, at: clock.now().instant)
    }

    /// A member's answer from its group as it stands. A lease that has run out, though its
    /// deadline is not processed yet, holds no role (after a heartbeat the lease was just
    /// renewed, so this only ever changes a later look, `currentAnswer`).
    private func answer(to id: MemberID, in group: GroupState, at now: Instant) -> HeartbeatAnswer {
        var role = group.role(of: id)
        if role != .secondary, group.members[id]?.holdsLease(at: now) != true { role = .secondary }
        return HeartbeatAnswer(
            role: role, lastDataProcessedTime: group.watermark, epoch: group.epoch,
            failoverTimeout: group.timeout)
    }
}
