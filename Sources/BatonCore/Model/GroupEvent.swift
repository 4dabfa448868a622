import Foundation

/// One entry of a group's history. Durable before any answer reveals the change it records.
public struct GroupEvent: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The Primary changed: `from` → `to` (either may be nil), with the new epoch.
        case primaryChanged = "PrimaryChanged"
        /// `to` became PendingPrimary; `from` (the live Primary) is being demoted.
        case handoverStarted = "HandoverStarted"
        /// The pending handover to `to` was abandoned; `from` keeps the role and the epoch.
        case handoverCancelled = "HandoverCancelled"
        case roleOverrideSet = "RoleOverrideSet"
        case roleOverrideExpired = "RoleOverrideExpired"
        /// Another member's Primary override was cleared by a new Primary override.
        case roleOverrideCleared = "RoleOverrideCleared"
        case memberRegistered = "SessionRegistered"
        /// A registered member registered again with the same name and other `AdditionalData`.
        case memberUpdated = "SessionUpdated"
        case memberRemoved = "SessionRemoved"
        case groupCreated = "GroupCreated"
        case groupUpdated = "GroupUpdated"
        case accessControlChanged = "AccessControlChanged"
        /// Automatic role moves stopped (`from` is the Primary at the time); `detail` says why.
        case groupPaused = "GroupPaused"
        case groupResumed = "GroupResumed"
        case taskQueued = "FailoverQueued"
        case taskStarted = "FailoverStarted"
        case taskSucceeded = "FailoverSucceeded"
        case taskFailed = "FailoverFailed"
        case taskCanceled = "FailoverCanceled"
    }

    public var group: GroupKey
    /// Position in the group's history, from 1, without gaps.
    public var sequence: Int64
    public var time: Date
    public var kind: Kind
    public var from: MemberID?
    public var to: MemberID?
    public var epoch: UInt64
    public var reason: String
    /// Who caused it, when a person or token did (filled by later issues' authentication).
    public var principal: String?
    public var detail: String?

    public init(
        group: GroupKey, sequence: Int64, time: Date, kind: Kind, from: MemberID?, to: MemberID?,
        epoch: UInt64, reason: String, principal: String? = nil, detail: String? = nil
    ) {
        self.group = group
        self.sequence = sequence
        self.time = time
        self.kind = kind
        self.from = from
        self.to = to
        self.epoch = epoch
        self.reason = reason
        self.principal = principal
        self.detail = detail
    }
}

/// Why the Primary moved, as recorded in events.
public enum ChangeReason: String, Sendable {
    case elected
    case leaseExpired = "lease-expired"
    case score
    case override
    case drain
    case removed
    /// The pending member died or stopped being the one to promote.
    case targetLost = "target-lost"
    /// The sitting Primary is the preferred member again (e.g. the challenger's score fell).
    case primaryPreferred = "primary-preferred"
    /// Another member became the one to promote while a handover was pending.
    case retargeted
    case demotionDelivered = "demotion-delivered"
    case registered
    case configured
    /// A failover task (HCX force failover, Client Failover planned failover).
    case forced
}
