import enum BatonCore.TimeSpan
import Foundation

// The Client Failover API's bodies (Sources/BatonServer/OpenAPI/openapi.yaml), with Swift
// names; each encodes back to the API's own PascalCase JSON.

/// A failover group's configuration.
public struct GroupConfiguration: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var description: String?
    /// .NET `TimeSpan` text, e.g. `00:01:00`.
    public var failoverTimeout: String?
    public var additionalData: AnyJSON?
    /// 0 = Score (a better member preempts), 1 = None.
    public var preemptionPolicy: Int?

    public init(id: String, name: String? = nil, description: String? = nil, failoverTimeout: String? = nil,
                additionalData: AnyJSON? = nil, preemptionPolicy: PreemptionPolicy? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.failoverTimeout = failoverTimeout
        self.additionalData = additionalData
        self.preemptionPolicy = preemptionPolicy?.rawValue
    }

    /// `failoverTimeout` in seconds, when it is readable.
    public var failoverTimeoutSeconds: Double? {
        failoverTimeout.flatMap { try? TimeSpan.parse($0) }.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", description = "Description", failoverTimeout = "FailoverTimeout"
        case additionalData = "AdditionalData", preemptionPolicy = "PreemptionPolicy"
    }
}

public enum PreemptionPolicy: Int, Sendable {
    case score = 0
    case none = 1
}

/// Who holds the role.
public struct GroupStatus: Codable, Sendable, Equatable {
    public var primary: String?
    public var pendingPrimary: String?
    public var lastDataProcessedTime: Date?
    public var epoch: Int
    public var paused: Bool
    public var pause: GroupPause?

    enum CodingKeys: String, CodingKey {
        case primary = "Primary", pendingPrimary = "PendingPrimary", lastDataProcessedTime = "LastDataProcessedTime"
        case epoch = "Epoch", paused = "Paused", pause = "Pause"
    }
}

/// Who paused a group, when and why.
public struct GroupPause: Codable, Sendable, Equatable {
    public var since: Date
    public var by: String?
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case since = "Since", by = "By", reason = "Reason"
    }
}

/// A member's role: 0 Secondary, 1 Primary, 2 PendingPrimary.
public enum Role: Int, Codable, Sendable, CustomStringConvertible {
    case secondary = 0
    case primary = 1
    case pendingPrimary = 2

    public var description: String {
        switch self {
        case .secondary: "Secondary"
        case .primary: "Primary"
        case .pendingPrimary: "PendingPrimary"
        }
    }
}

/// A role override: 0 Off, 1 Primary, 2 Secondary (a drain).
public enum RoleOverride: Int, Codable, Sendable, CustomStringConvertible {
    case off = 0
    case primary = 1
    case secondary = 2

    public var description: String {
        switch self {
        case .off: "Off"
        case .primary: "Primary"
        case .secondary: "Secondary"
        }
    }
}

/// The last heartbeat a session sent.
public struct HeartbeatRecord: Codable, Sendable, Equatable {
    public var failoverScore: Double
    public var lastDataProcessedTime: Date?
    public var heartbeatTime: Date
    /// When the coordinator received it (its wall clock).
    public var receivedTime: Date

    enum CodingKeys: String, CodingKey {
        case failoverScore = "FailoverScore", lastDataProcessedTime = "LastDataProcessedTime"
        case heartbeatTime = "HeartbeatTime", receivedTime = "ReceivedTime"
    }
}

/// A member of a group.
public struct ClientSession: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var heartbeat: HeartbeatRecord?
    public var role: Role
    public var heartbeatPosted: Bool
    public var roleOverride: RoleOverride
    public var roleOverrideExpirationTime: Date?
    public var additionalData: AnyJSON?
    public var isLive: Bool

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", heartbeat = "Heartbeat", role = "Role", heartbeatPosted = "HeartbeatPosted"
        case roleOverride = "RoleOverride", roleOverrideExpirationTime = "RoleOverrideExpirationTime"
        case additionalData = "AdditionalData", isLive = "IsLive"
    }
}

/// What a heartbeat sends.
public struct Heartbeat: Codable, Sendable {
    public var failoverScore: Double
    public var lastDataProcessedTime: Date?
    public var heartbeatTime: Date?

    public init(failoverScore: Double, lastDataProcessedTime: Date? = nil, heartbeatTime: Date? = nil) {
        self.failoverScore = failoverScore
        self.lastDataProcessedTime = lastDataProcessedTime
        self.heartbeatTime = heartbeatTime
    }

    enum CodingKeys: String, CodingKey {
        case failoverScore = "FailoverScore", lastDataProcessedTime = "LastDataProcessedTime", heartbeatTime = "HeartbeatTime"
    }
}

/// A heartbeat's answer: the session's role, the group's epoch and the timeout its lease was
/// granted under.
public struct HeartbeatAnswer: Codable, Sendable, Equatable {
    public var role: Role
    public var lastDataProcessedTime: Date?
    public var epoch: Int
    public var failoverTimeout: String

    enum CodingKeys: String, CodingKey {
        case role = "Role", lastDataProcessedTime = "LastDataProcessedTime", epoch = "Epoch", failoverTimeout = "FailoverTimeout"
    }
}

/// The override now in force.
public struct RoleOverrideAnswer: Codable, Sendable, Equatable {
    public var value: RoleOverride
    public var roleOverrideExpirationTime: Date?

    enum CodingKeys: String, CodingKey {
        case value = "Value", roleOverrideExpirationTime = "RoleOverrideExpirationTime"
    }
}

/// One entry of a group's history. `groupID` is set on the namespace stream only.
public struct GroupEvent: Codable, Sendable, Equatable {
    public var sequence: Int
    public var time: Date
    /// `PrimaryChanged`, `HandoverStarted`, `GroupPaused`, `FailoverSucceeded`, …
    public var type: String
    public var from: String?
    public var to: String?
    public var epoch: Int
    /// `elected`, `lease-expired`, `forced`, `operator`, …
    public var reason: String
    /// Who caused it (`user:alice`); nil for heartbeats and timers, and with authentication off.
    public var principal: String?
    public var detail: String?
    public var groupID: String?

    enum CodingKeys: String, CodingKey {
        case sequence = "Sequence", time = "Time", type = "Type", from = "From", to = "To", epoch = "Epoch"
        case reason = "Reason", principal = "Principal", detail = "Detail", groupID = "GroupId"
    }
}

/// One page of a list, with the total the server counted (`Total-Count`), when it sent one.
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    public var totalCount: Int?
}

/// What a failover request asks for; every part optional.
public struct FailoverRequest: Codable, Sendable {
    public var targetSessionID: String?
    public var scheduledTime: Date?
    public var reason: String?

    public init(targetSessionID: String? = nil, scheduledTime: Date? = nil, reason: String? = nil) {
        self.targetSessionID = targetSessionID
        self.scheduledTime = scheduledTime
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case targetSessionID = "TargetSessionId", scheduledTime = "ScheduledTime", reason = "Reason"
    }
}

/// A planned failover and how far it got.
public struct FailoverTask: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case queued = "QUEUED", running = "RUNNING", success = "SUCCESS", failed = "FAILED", canceled = "CANCELED"

        public var isFinished: Bool { self == .success || self == .failed || self == .canceled }
    }

    public struct Step: Codable, Sendable, Equatable {
        public var title: String
        public var status: Status
        public var startTime: Date
        public var endTime: Date?
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case title = "Title", status = "Status", startTime = "StartTime", endTime = "EndTime", message = "Message"
        }
    }

    public var id: String
    public var groupID: String
    public var status: Status
    public var progress: Int
    public var message: String?
    public var requestedTargetSessionID: String?
    public var targetSessionID: String?
    public var scheduledTime: Date?
    public var reason: String?
    public var principal: String?
    public var createdTime: Date
    public var startTime: Date?
    public var endTime: Date?
    public var fromPrimary: String?
    public var epoch: Int?
    public var steps: [Step]

    enum CodingKeys: String, CodingKey {
        case id = "Id", groupID = "GroupId", status = "Status", progress = "Progress", message = "Message"
        case requestedTargetSessionID = "RequestedTargetSessionId", targetSessionID = "TargetSessionId"
        case scheduledTime = "ScheduledTime", reason = "Reason", principal = "Principal", createdTime = "CreatedTime"
        case startTime = "StartTime", endTime = "EndTime", fromPrimary = "FromPrimary", epoch = "Epoch", steps = "Steps"
    }
}

/// One group in the namespace stream's opening snapshot.
public struct GroupOverview: Codable, Sendable, Equatable {
    public var groupID: String
    public var lastSequence: Int
    public var primary: String?
    public var pendingPrimary: String?
    public var epoch: Int
    public var paused: Bool

    enum CodingKeys: String, CodingKey {
        case groupID = "GroupId", lastSequence = "LastSequence", primary = "Primary", pendingPrimary = "PendingPrimary"
        case epoch = "Epoch", paused = "Paused"
    }
}

/// What the namespace stream sends: first a snapshot, then events (with `groupID`).
public enum NamespaceStreamMessage: Sendable, Equatable {
    case snapshot([GroupOverview])
    case event(GroupEvent)
}
