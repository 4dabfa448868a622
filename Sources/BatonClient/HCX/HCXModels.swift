import Foundation

// The HCX HA groups API's bodies (camelCase, as HCX writes them).

/// An appliance's role: ACTIVE (Primary), STANDBY (Secondary), UNDECIDED (PendingPrimary, or
/// in no group).
public enum HCXRole: String, Codable, Sendable {
    case active = "ACTIVE"
    case standby = "STANDBY"
    case undecided = "UNDECIDED"
}

/// A registered network-extension appliance.
public struct HCXAppliance: Codable, Sendable, Equatable {
    public var applianceId: String
    public var applianceName: String?
    public var applianceType: String?
    public var peerApplianceId: String?
    public var peerApplianceName: String?
    public var serviceMeshId: String?
    public var haGroupId: String?
    public var registeredAt: Date?

    public init(applianceId: String, applianceName: String? = nil, applianceType: String? = nil,
                peerApplianceId: String? = nil, peerApplianceName: String? = nil, serviceMeshId: String? = nil) {
        self.applianceId = applianceId
        self.applianceName = applianceName
        self.applianceType = applianceType
        self.peerApplianceId = peerApplianceId
        self.peerApplianceName = peerApplianceName
        self.serviceMeshId = serviceMeshId
    }
}

/// An appliance heartbeat's answer.
public struct HCXHeartbeatAnswer: Codable, Sendable, Equatable {
    public var applianceId: String
    public var role: HCXRole
    public var haGroupId: String?
    public var epoch: Int?
}

/// An HA group with its members' roles and its status.
public struct HCXHAGroup: Codable, Sendable, Equatable {
    public struct Member: Codable, Sendable, Equatable {
        public var applianceId: String
        public var applianceName: String?
        public var peerApplianceId: String?
        public var peerApplianceName: String?
        public var role: HCXRole
        /// Baton extensions: live now, the last heartbeat's score and receive time, the override.
        public var live: Bool?
        public var score: Double?
        public var lastHeartbeatTime: Date?
        /// `ACTIVE`, `STANDBY` (drained) or `OFF`.
        public var roleOverride: String?
        public var roleOverrideExpirationTime: Date?
    }

    /// Who paused automatic failover, when and why (Baton extension).
    public struct Pause: Codable, Sendable, Equatable {
        public var since: Date
        public var by: String?
        public var reason: String?
    }

    public struct Policy: Codable, Sendable, Equatable {
        /// `NONE` or `SCORE`.
        public var policy: String
    }

    public struct Status: Codable, Sendable, Equatable {
        /// `HEALTHY`, `DEGRADED`, `FAILED` or `FAILOVER_IN_PROGRESS`.
        public var groupState: String
        public var statusMessage: String?
        public var availabilityState: String?
        public var availabilityDescription: String?
    }

    public var groupId: String
    public var name: String?
    public var serviceMeshId: String?
    public var groupType: String?
    public var groupMembers: [Member]
    public var policyInfo: Policy?
    public var status: Status
    public var epoch: Int?
    public var failoverTimeout: String?
    /// Set while automatic failover is paused.
    public var pause: Pause?
    /// In a tenant stream's snapshot only: the sequence of the group's latest event.
    public var lastSequence: Int?

    /// The ACTIVE appliance, if any.
    public var active: String? { groupMembers.first { $0.role == .active }?.applianceId }
}

/// An appliance's role override as it now holds (Baton extension).
public struct HCXRoleOverrideAnswer: Codable, Sendable, Equatable {
    public var applianceId: String
    /// `ACTIVE`, `STANDBY` or `OFF`.
    public var value: String
    public var expirationTime: Date?
}

/// One page of an HA group's history, oldest first.
public struct HCXEventPage: Codable, Sendable {
    public var items: [HCXTimelineEvent]
    public var paging: HCXTaskPage.Paging
}

/// What the stream of every HA group of the tenant carries: first a snapshot of the groups
/// (each with `lastSequence`), then their events.
public enum HCXStreamMessage: Sendable, Equatable {
    case snapshot([HCXHAGroup])
    case event(HCXTimelineEvent)
}

/// What creating an HA group sends.
public struct HCXHAGroupCreation: Codable, Sendable {
    public struct Policy: Codable, Sendable {
        public var policy: String
    }

    public var groupId: String?
    public var name: String?
    public var appliances: [String]
    public var policyInfo: Policy?
    public var serviceMeshId: String?
    public var failoverTimeout: String?

    public init(groupId: String? = nil, name: String? = nil, appliances: [String], policy: String? = nil,
                serviceMeshId: String? = nil, failoverTimeout: String? = nil) {
        self.groupId = groupId
        self.name = name
        self.appliances = appliances
        self.policyInfo = policy.map(Policy.init)
        self.serviceMeshId = serviceMeshId
        self.failoverTimeout = failoverTimeout
    }
}

/// A task (HA group or Client Failover), as HCX lists them.
public struct HCXTask: Codable, Sendable, Equatable {
    public struct Entity: Codable, Sendable, Equatable {
        public var id: String
        /// `HA_GROUP` or `CLIENT_FAILOVER_GROUP`.
        public var type: String
        public var name: String?
    }

    public struct Step: Codable, Sendable, Equatable {
        public var title: String
        public var status: String
        public var progress: Int?
        public var startTime: Date?
        public var endTime: Date?
        public var message: String?
    }

    public var interconnectTaskId: String
    public var entityDetails: Entity
    /// `FORCE_FAILOVER`, `CREATE_HA_GROUP` or `DELETE_HA_GROUP`.
    public var type: String
    public var status: FailoverTask.Status
    public var progress: Int
    public var message: String?
    public var startTime: Date?
    public var endTime: Date?
    public var steps: [Step]
    public var reason: String?
    public var principal: String?
    public var targetApplianceId: String?
    public var epoch: Int?
}

/// One page of tasks, newest first.
public struct HCXTaskPage: Codable, Sendable {
    public struct Paging: Codable, Sendable {
        public var offset: Int
        public var pageSize: Int
        public var totalSize: Int
    }

    public var items: [HCXTask]
    public var paging: Paging
}

/// One entry of an HA group timeline.
public struct HCXTimelineEvent: Codable, Sendable, Equatable {
    public struct ApplianceRoles: Codable, Sendable, Equatable {
        public var active: [String]
        public var standby: [String]
        public var undecided: [String]
    }

    public var haGroupId: String
    public var haGroupName: String?
    public var detailedMessage: String?
    public var timestamp: Date
    /// The event type: `PrimaryChanged`, `HandoverStarted`, `FailoverSucceeded`, …
    public var eventCode: String
    public var eventMessage: String?
    public var principal: String?
    public var epoch: Int
    /// The event's place in its group's history (Baton extension).
    public var sequence: Int?
    /// Why, in the engine's words (Baton extension).
    public var reason: String?
    public var applianceRoles: ApplianceRoles?
}

struct HCXItems<Element: Codable & Sendable>: Codable, Sendable {
    var items: [Element]
}

/// The answer to an HA group action (create, delete, force failover): the task it started.
public struct HCXGroupAction: Codable, Sendable {
    public struct Data: Codable, Sendable {
        public var interconnectTaskId: String
        public var groupId: String?
    }

    public var data: Data
}
