import Foundation

/// What a deleted group leaves behind at its address (tenant, namespace, id): the epoch it
/// reached and until when a lease it granted may still run. An epoch belongs to the address,
/// not to one incarnation, so a group created again at the same address starts from here:
/// its epoch goes on from `epoch` and nobody is promoted before `leaseEnd`, while the member
/// that held the old incarnation's role may still be acting on it.
public struct GroupTombstone: Equatable, Sendable {
    public var key: GroupKey
    /// The last epoch the deleted group gave out; the next promotion at this address is above it.
    public var epoch: UInt64
    /// The history's next sequence, so sequences at this address never repeat.
    public var nextEventSequence: Int64
    /// The deleted group's timeout: after a restart, how long its last lease may have to be
    /// respected (the restart-grace rule).
    public var failoverTimeout: Duration
    public var deletedAt: Date
    /// Until when a lease or fence the deleted group granted may still run, on the wall
    /// clock; nil when none ran at deletion.
    public var leaseEnd: Date?
    /// The same end on the engine's clock. The embedded store does not keep it (the
    /// monotonic clock does not survive a restart; `Engine` rebuilds it from `leaseEnd`);
    /// the shared store keeps it, since there instants are the database clock.
    public var leaseEndInstant: Instant?
    /// The member that holds that lease, when it is one known member: it may take the role
    /// in the new group at once, and once it is told there that it does not hold the role
    /// the wait is over.
    public var leaseHolder: MemberID?

    public init(key: GroupKey, epoch: UInt64, nextEventSequence: Int64, failoverTimeout: Duration, deletedAt: Date,
                leaseEnd: Date? = nil, leaseEndInstant: Instant? = nil, leaseHolder: MemberID? = nil) {
        self.leaseHolder = leaseHolder
        self.key = key
        self.epoch = epoch
        self.nextEventSequence = nextEventSequence
        self.failoverTimeout = failoverTimeout
        self.deletedAt = deletedAt
        self.leaseEnd = leaseEnd
        self.leaseEndInstant = leaseEndInstant
    }
}
