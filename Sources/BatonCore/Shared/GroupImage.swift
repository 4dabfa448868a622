import Foundation

/// A group's whole state, the transient parts included (leases, hysteresis clocks, task
/// deadlines), so that another Baton instance can carry on exactly where this one stopped.
///
/// Only meaningful when every instance's engine runs on the same time base: in the shared
/// (PostgreSQL) mode an `Instant` is the database clock in nanoseconds since the Unix epoch.
public struct GroupImage: Equatable, Sendable {
    public var record: GroupRecord
    public var fenceUntil: Instant?
    /// The member whose lease the fence waits for, when it is one known member.
    public var fenceHolder: MemberID?
    public var taskDeadline: Instant?
    public var graceUntil: Instant?
    public var members: [MemberImage]

    public init(record: GroupRecord, fenceUntil: Instant? = nil, fenceHolder: MemberID? = nil, taskDeadline: Instant? = nil,
                graceUntil: Instant? = nil, members: [MemberImage] = []) {
        self.fenceHolder = fenceHolder
        self.record = record
        self.fenceUntil = fenceUntil
        self.taskDeadline = taskDeadline
        self.graceUntil = graceUntil
        self.members = members
    }

    public var key: GroupKey { record.key }
}

/// A member's whole state, as `GroupImage` keeps it.
public struct MemberImage: Equatable, Sendable {
    public var record: MemberRecord
    public var overrideDeadline: Instant?
    /// When its last heartbeat was received, and when its lease runs out.
    public var lastReceived: Instant?
    public var leaseExpiry: Instant?
    public var heartbeatSinceStart: Bool
    public var liveSince: Instant?
    public var betterThanPrimarySince: Instant?

    public init(record: MemberRecord, overrideDeadline: Instant? = nil, lastReceived: Instant? = nil,
                leaseExpiry: Instant? = nil, heartbeatSinceStart: Bool = false, liveSince: Instant? = nil,
                betterThanPrimarySince: Instant? = nil) {
        self.record = record
        self.overrideDeadline = overrideDeadline
        self.lastReceived = lastReceived
        self.leaseExpiry = leaseExpiry
        self.heartbeatSinceStart = heartbeatSinceStart
        self.liveSince = liveSince
        self.betterThanPrimarySince = betterThanPrimarySince
    }

    public var id: MemberID { record.registration.id }
}
