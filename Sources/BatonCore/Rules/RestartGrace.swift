import Foundation

/// Restart grace (DESIGN.md, "Liveness and the lease"): after a restart of the coordinator, or
/// after an outage of the shared store, every member keeps the role it held for one timeout
/// (longer under a lease horizon) without being able to win one before it heartbeats again.
extension Engine {
    /// One timeout, or longer while a lease granted before the timeout was shortened may
    /// still run (judged on the wall clock: the monotonic clock does not survive a restart).
    static func grace(for group: GroupState, at wall: Date) -> Duration {
        grace(timeout: group.timeout, horizon: group.leaseHorizon, at: wall)
    }

    /// The rule itself: at least `timeout`, until `horizon` when that is later, at most a day.
    static func grace(timeout: Duration, horizon: Date?, at wall: Date) -> Duration {
        guard let horizon else { return timeout }
        let remaining = Duration.nanoseconds(saturating: horizon.timeIntervalSince(wall))
        return min(max(timeout, remaining), GroupConfiguration.failoverTimeoutRange.upperBound)
    }

    func applyResumptionGrace(to group: GroupState, resumedAt: Instant) {
        let now = clock.now()
        // The same grace as a restart's (one timeout, or longer under a lease horizon). Unlike
        // after a restart, the image still carries every lease, so a lease granted under a
        // longer timeout runs to its end here anyway; the horizon matters for `graceUntil`.
        let resumedWall = now.wall.addingTimeInterval(-(now.instant - resumedAt).timeInterval)
        let graceEnd = resumedAt + Self.grace(for: group, at: resumedWall)
        guard graceEnd > now.instant else { return }
        group.graceUntil = max(group.graceUntil ?? graceEnd, graceEnd)
        if group.fenceUntil != nil { group.fenceUntil = max(group.fenceUntil!, graceEnd) }
        for member in group.members.values where (member.lastReceived ?? Instant(nanoseconds: .min)) < resumedAt {
            member.heartbeatSinceStart = false
            member.leaseExpiry = max(member.leaseExpiry ?? graceEnd, graceEnd)
        }
    }
}
