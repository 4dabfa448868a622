import Foundation

/// A planned move of the Primary role, run asynchronously: HCX's forced failover and the
/// Client Failover `…/failover` extension are both one of these. Durable from the moment it
/// is accepted; never lost, never run twice.
public struct FailoverTask: Equatable, Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case queued = "QUEUED"
        case running = "RUNNING"
        case success = "SUCCESS"
        case failed = "FAILED"
        case canceled = "CANCELED"

        public var isFinished: Bool { self == .success || self == .failed || self == .canceled }
    }

    /// One stage of the task with its times, as HCX tasks show them.
    public struct Step: Equatable, Sendable {
        public var title: String
        public var status: Status
        public var startTime: Date
        public var endTime: Date?
        public var message: String?

        public init(title: String, status: Status, startTime: Date, endTime: Date? = nil, message: String? = nil) {
            self.title = title
            self.status = status
            self.startTime = startTime
            self.endTime = endTime
            self.message = message
        }
    }

    /// What the task does: move the Primary role (the usual), or create or delete an HA group
    /// (HCX runs every mutating operation as a task).
    public enum Kind: String, Sendable, CaseIterable {
        case failover = "FORCE_FAILOVER"
        case createGroup = "CREATE_HA_GROUP"
        case deleteGroup = "DELETE_HA_GROUP"
    }

    public var id: String
    public var kind: Kind = .failover
    public var group: GroupKey
    /// The member asked for, if any; otherwise the best live member other than the Primary.
    public var requestedTarget: MemberID?
    /// The member the task moves the role to, chosen when it starts.
    public var target: MemberID?
    public var scheduledAt: Date?
    public var reason: String?
    /// Who asked (`user:alice`), nil when authentication is off.
    public var principal: String?
    public var status: Status
    public var message: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    /// The Primary when the task started, and the epoch the target got.
    public var fromPrimary: MemberID?
    public var epoch: UInt64?
    public var steps: [Step]

    public init(id: String, group: GroupKey, requestedTarget: MemberID?, scheduledAt: Date?, reason: String?,
                principal: String?, createdAt: Date) {
        self.id = id
        self.group = group
        self.requestedTarget = requestedTarget
        self.scheduledAt = scheduledAt
        self.reason = reason
        self.principal = principal
        self.status = .queued
        self.createdAt = createdAt
        self.steps = [Step(title: "Queued", status: .success, startTime: createdAt, endTime: createdAt)]
    }

    /// 0 queued, 33 started, 66 handing over, 100 finished.
    public var progress: Int {
        switch status {
        case .queued: 0
        case .running: steps.contains { $0.title == Self.handoverStep && $0.status == .running } ? 66 : 33
        case .success, .failed, .canceled: 100
        }
    }

    static let handoverStep = "Hand over the Primary role"
}

/// Why a failover cannot be accepted; each maps to a 409 `code` on the wire.
public enum FailoverRefusal: String, Sendable, Equatable {
    /// No live, eligible member other than the Primary.
    case noLiveStandby = "NoLiveStandby"
    /// Another failover of this group is queued or running.
    case failoverInProgress = "FailoverInProgress"
    /// The requested target is already the Primary.
    case targetIsPrimary = "TargetIsPrimary"
    /// A Primary role override holds the group; clear it first.
    case overrideHolds = "RoleOverrideHolds"
    /// The task has started or finished and can no longer be cancelled.
    case notCancelable = "TaskNotCancelable"
}
