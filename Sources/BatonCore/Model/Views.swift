import Foundation

/// A group's role state as the status endpoint shows it.
public struct GroupStatus: Equatable, Sendable {
    public var primary: MemberID?
    public var pendingPrimary: MemberID?
    /// The Primary's watermark: what it last reported as processed, or else when its last
    /// heartbeat was received.
    public var lastDataProcessedTime: Date?
    public var epoch: UInt64
    /// Set while automatic role moves are paused.
    public var pause: GroupPause?

    public init(primary: MemberID?, pendingPrimary: MemberID?, lastDataProcessedTime: Date?, epoch: UInt64,
                pause: GroupPause? = nil) {
        self.primary = primary
        self.pendingPrimary = pendingPrimary
        self.lastDataProcessedTime = lastDataProcessedTime
        self.epoch = epoch
        self.pause = pause
    }
}

/// Group totals for metrics.
public struct GroupCounts: Equatable, Sendable {
    public var groups = 0
    public var withoutPrimary = 0
    public var paused = 0

    public init(groups: Int = 0, withoutPrimary: Int = 0, paused: Int = 0) {
        self.groups = groups
        self.withoutPrimary = withoutPrimary
        self.paused = paused
    }
}

/// One group in a namespace's overview.
public struct GroupOverview: Equatable, Sendable {
    public var key: GroupKey
    public var status: GroupStatus
    /// The sequence of the group's latest event (0 before any).
    public var lastSequence: Int64
}

/// One member as the sessions endpoints show it.
public struct MemberView: Equatable, Sendable {
    public var registration: MemberRegistration
    public var role: Role
    public var lastHeartbeat: HeartbeatRecord?
    public var roleOverride: RoleOverride
    public var roleOverrideExpirationTime: Date?
    /// Live as the coordinator judges it now (a heartbeat received since start, lease unexpired).
    public var isLive: Bool
}

/// The answer to a heartbeat: the member's role, the group's watermark and the fencing epoch.
public struct HeartbeatAnswer: Equatable, Sendable {
    public var role: Role
    public var lastDataProcessedTime: Date?
    public var epoch: UInt64
    /// The timeout this heartbeat's lease was granted under: a client computes its lease
    /// from it, so a changed `FailoverTimeout` reaches clients with their next answer.
    public var failoverTimeout: Duration

    public init(role: Role, lastDataProcessedTime: Date?, epoch: UInt64, failoverTimeout: Duration) {
        self.role = role
        self.lastDataProcessedTime = lastDataProcessedTime
        self.epoch = epoch
        self.failoverTimeout = failoverTimeout
    }
}

/// The answer to a role override.
public struct RoleOverrideAnswer: Equatable, Sendable {
    public var value: RoleOverride
    public var expirationTime: Date?
}

/// Whether a create-or-update made something new.
public enum WriteOutcome: Equatable, Sendable {
    case created
    case unchanged
    case updated
}
