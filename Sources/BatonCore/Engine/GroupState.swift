import Foundation

/// One group: configuration, members and role state. A class so the engine mutates it in
/// place on the heartbeat path; only the engine (owned by one actor) touches it.
final class GroupState {
    let key: GroupKey
    var configuration: GroupConfiguration
    let createdAt: Date
    var members: [MemberID: MemberState] = [:]

    var primary: MemberID?
    var pending: MemberID?
    var pendingReason: ChangeReason?
    /// +1 at every promotion; never decreases, survives restarts. The fencing token.
    var epoch: UInt64 = 0
    /// No promotion before this instant: the lease of a Primary removed while live, which
    /// may still be acting on it.
    var fenceUntil: Instant?
    /// The member whose lease the fence waits for, when it is one known member: it may be
    /// promoted again at once (nobody else can be acting), and once it is told it does not
    /// hold the role the fence has done its work. Nil for a fence of unknown or several holders.
    var fenceHolder: MemberID?
    var watermark: Date?
    /// When the timeout was shortened: the wall time until which a lease granted under the
    /// longer timeout may still run. Restart grace lasts at least until then.
    var leaseHorizon: Date?
    var nextEventSequence: Int64 = 1
    /// While set, nothing moves the role automatically (`Pause`).
    var pause: GroupPause?
    /// The group's own access control list; nil leaves it to the namespace's or the roles.
    var accessControl: AccessControlList?

    /// The failover task queued or running for this group (at most one).
    var activeTask: String?
    /// While a failover runs: the member it moves the role to, and who asked for it.
    var forcedTarget: MemberID?
    var forcedBy: String?
    /// When the queued task starts, or when the running one gives up.
    var taskDeadline: Instant?
    /// The end of restart grace: until then members that have not heartbeated since the
    /// start cannot be judged, so a due task waits rather than fail for want of a target.
    var graceUntil: Instant?

    /// The deadline this group is queued under in the engine's deadline heap.
    var scheduledWakeup: Instant?

    init(key: GroupKey, configuration: GroupConfiguration, createdAt: Date) {
        self.key = key
        self.configuration = configuration
        self.createdAt = createdAt
    }

    var timeout: Duration { configuration.failoverTimeout }

    func role(of member: MemberID) -> Role {
        if member == primary { return .primary }
        if member == pending { return .pendingPrimary }
        return .secondary
    }

    /// The next instant at which time alone could change this group's decision: the
    /// Primary's or the pending member's lease running out, an override expiring, a
    /// challenger completing its hysteresis, or a fence lifting. Secondaries' leases are
    /// not here: their expiry changes nothing until something else happens.
    func nextDeadline(after now: Instant) -> Instant? {
        var next: Instant?
        func consider(_ candidate: Instant?) {
            guard let candidate, candidate > now else { return }
            if next == nil || candidate < next! { next = candidate }
        }
        if let primary { consider(members[primary]?.leaseExpiry) }
        if let pending { consider(members[pending]?.leaseExpiry) }
        consider(fenceUntil)
        consider(taskDeadline)
        if activeTask != nil { consider(graceUntil) }
        if let forcedTarget { consider(members[forcedTarget]?.leaseExpiry) }
        for member in members.values {
            consider(member.overrideDeadline)
            if let since = member.betterThanPrimarySince { consider(since + timeout) }
        }
        return next
    }
}
