import BatonCore
import BatonJSON
import BatonWire
import Foundation

/// The HCX (HA groups) wire shapes: camelCase, every property written (absent as `null`).
enum HCXWire {
    static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func time(_ value: Date?) -> JSONValue { value.map { .string(WireTime.format($0)) } ?? .null }
    static func number(_ value: UInt64?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }

    static func appliance(_ record: ApplianceRecord) -> JSONValue {
        let registration = record.registration
        return .object([
            "applianceId": .string(registration.id),
            "applianceName": string(registration.name),
            "applianceType": string(registration.type),
            "peerApplianceId": string(registration.peerID),
            "peerApplianceName": string(registration.peerName),
            "serviceMeshId": string(registration.serviceMeshID),
            "haGroupId": string(record.group),
            "registeredAt": time(record.registeredAt),
        ])
    }

    /// ACTIVE, STANDBY or UNDECIDED: Primary, Secondary, and PendingPrimary or no group.
    static func role(_ role: Role?) -> String {
        switch role {
        case .primary: "ACTIVE"
        case .secondary: "STANDBY"
        case .pendingPrimary, nil: "UNDECIDED"
        }
    }

    static func heartbeat(_ id: String, _ answer: ApplianceHeartbeatAnswer) -> JSONValue {
        .object([
            "applianceId": .string(id),
            "role": .string(role(answer.role)),
            "haGroupId": string(answer.group),
            "epoch": number(answer.epoch),
        ])
    }

    static func groupAction(taskID: String, groupID: String) -> JSONValue {
        .object([
            "data": .object(["interconnectTaskId": .string(taskID), "groupId": .string(groupID)]),
            "warnings": .array([]),
            "errors": .array([]),
        ])
    }

    static func serviceMeshID(of configuration: GroupConfiguration) -> String? {
        guard case .object(let fields) = configuration.additionalData, case .string(let id)? = fields["serviceMeshId"] else {
            return nil
        }
        return id
    }

    static func policy(_ preemption: PreemptionPolicy) -> String {
        switch preemption {
        case .none: "NONE"
        case .score: "SCORE"
        }
    }

    /// The group's health (the engine's `GroupHealth`) in HCX words (see docs/ha-groups.md).
    static func status(members: [MemberView], failoverRunning: Bool) -> JSONValue {
        let state: String
        let message: String
        switch GroupHealth.assess(members, failoverRunning: failoverRunning) {
        case .failoverInProgress:
            state = "FAILOVER_IN_PROGRESS"
            message = "A failover of this group is in progress."
        case .failed:
            state = "FAILED"
            message = "No appliance of this group is live."
        case .healthy(let primary, let standbys):
            state = "HEALTHY"
            message = "\(primary) is ACTIVE and \(standbys) live STANDBY appliance(s) protect it."
        case .unprotected(let primary):
            state = "DEGRADED"
            message = "\(primary) is ACTIVE but no STANDBY appliance is live; the group cannot fail over."
        case .noPrimary:
            state = "DEGRADED"
            message = "No live appliance is ACTIVE yet."
        }
        let available = state != "FAILED"
        return .object([
            "groupState": .string(state),
            "statusMessage": .string(message),
            "availabilityState": .string(available ? "AVAILABLE" : "UNAVAILABLE"),
            "availabilityDescription": .string(available
                ? "The protected network extensions are served."
                : "No appliance of the group is live; the protected network extensions are not served."),
        ])
    }

    static func haGroup(
        configuration: GroupConfiguration, status groupStatus: GroupStatus, members: [MemberView], failoverRunning: Bool,
        appliances: [String: ApplianceRecord]
    ) -> JSONValue {
        .object([
            "groupId": .string(configuration.id),
            "name": .string(configuration.name ?? configuration.id),
            "serviceMeshId": string(serviceMeshID(of: configuration)),
            "groupType": .string("NETWORK_EXTENSION"),
            "groupMembers": .array(members.map { member in
                let registration = appliances[member.registration.id]?.registration
                return .object([
                    "applianceId": .string(member.registration.id),
                    "applianceName": string(registration?.name ?? member.registration.name),
                    "peerApplianceId": string(registration?.peerID),
                    "peerApplianceName": string(registration?.peerName),
                    "role": .string(role(member.role)),
                    // Baton extensions: what the dashboard and `baton` show of each appliance.
                    "live": .bool(member.isLive),
                    "score": member.lastHeartbeat.map { JSONValue.number($0.score) } ?? JSONValue.null,
                    "lastHeartbeatTime": time(member.lastHeartbeat?.receivedAt),
                    "roleOverride": .string(overrideValue(member.roleOverride)),
                    "roleOverrideExpirationTime": time(member.roleOverrideExpirationTime),
                ])
            }),
            "policyInfo": .object(["policy": .string(policy(configuration.preemption))]),
            "status": status(members: members, failoverRunning: failoverRunning),
            "networkExtensionCount": .number(0),
            "networkStretchCapacity": .number(0),
            "epoch": .number(Double(groupStatus.epoch)),
            "failoverTimeout": .string(TimeSpan.format(configuration.failoverTimeout)),
            "pause": groupStatus.pause.map(pause) ?? .null,
        ])
    }

    /// A pause of automatic failover (Baton extension).
    static func pause(_ pause: GroupPause) -> JSONValue {
        .object(["since": time(pause.since), "by": string(pause.by), "reason": string(pause.reason)])
    }

    /// A role override in HCX words: ACTIVE (the desired ACTIVE), STANDBY (drained) or OFF.
    static func overrideValue(_ value: RoleOverride) -> String {
        switch value {
        case .primary: "ACTIVE"
        case .secondary: "STANDBY"
        case .off: "OFF"
        }
    }

    static func roleOverride(_ id: String, _ answer: RoleOverrideAnswer) -> JSONValue {
        .object([
            "applianceId": .string(id),
            "value": .string(overrideValue(answer.value)),
            "expirationTime": time(answer.expirationTime),
        ])
    }

    static func task(_ task: FailoverTask, groupName: String?) -> JSONValue {
        let isHA = task.group.namespace == HAGroups.namespace
        return .object([
            "interconnectTaskId": .string(task.id),
            "entityDetails": .object([
                "id": .string(task.group.id),
                "type": .string(isHA ? "HA_GROUP" : "CLIENT_FAILOVER_GROUP"),
                "name": .string(groupName ?? task.group.id),
            ]),
            "type": .string(task.kind.rawValue),
            "status": .string(task.status.rawValue),
            "progress": .number(Double(task.progress)),
            "message": string(task.message),
            "startTime": time(task.startedAt ?? task.createdAt),
            "endTime": time(task.endedAt),
            "steps": .array(task.steps.map { step in
                .object([
                    "title": .string(step.title),
                    "status": .string(step.status.rawValue),
                    "progress": .number(step.status.isFinished ? 100 : 0),
                    "startTime": time(step.startTime),
                    "endTime": time(step.endTime),
                    "message": string(step.message),
                ])
            }),
            "reason": string(task.reason),
            "principal": string(task.principal),
            "targetApplianceId": string(task.target ?? task.requestedTarget),
            "epoch": number(task.epoch),
        ])
    }

    /// One timeline entry. `applianceRoles` holds only what the event itself says (see
    /// docs/ha-groups.md): the member it made or kept ACTIVE, the one it made or left
    /// STANDBY, and a pending one as UNDECIDED.
    static func timelineEvent(_ event: GroupEvent, groupName: String) -> JSONValue {
        var active: [String] = []
        var standby: [String] = []
        var undecided: [String] = []
        switch event.kind {
        case .primaryChanged, .taskSucceeded:
            active = event.to.map { [$0] } ?? []
            standby = event.from.map { [$0] } ?? []
        case .handoverStarted, .taskStarted:
            active = event.from.map { [$0] } ?? []
            undecided = event.to.map { [$0] } ?? []
        case .handoverCancelled, .taskFailed, .taskCanceled:
            active = event.from.map { [$0] } ?? []
            standby = event.to.map { [$0] } ?? []
        default:
            break
        }
        var detail = eventMessage(event.kind)
        if let from = event.from { detail += " From \(from)." }
        if let to = event.to { detail += " To \(to)." }
        detail += " Epoch \(event.epoch). Reason: \(event.reason)."
        if let more = event.detail, !more.isEmpty { detail += " \(more)" }
        return .object([
            "haGroupId": .string(event.group.id),
            "haGroupName": .string(groupName),
            "detailedMessage": .string(detail),
            "timestamp": .string(WireTime.format(event.time)),
            "eventCode": .string(event.kind.rawValue),
            "eventMessage": .string(eventMessage(event.kind)),
            "principal": string(event.principal),
            "epoch": .number(Double(event.epoch)),
            "sequence": .number(Double(event.sequence)),
            "reason": .string(event.reason),
            "applianceRoles": .object([
                "active": .array(active.map(JSONValue.string)),
                "standby": .array(standby.map(JSONValue.string)),
                "undecided": .array(undecided.map(JSONValue.string)),
            ]),
        ])
    }

    static func eventMessage(_ kind: GroupEvent.Kind) -> String {
        switch kind {
        case .primaryChanged: "The ACTIVE appliance changed."
        case .handoverStarted: "A handover of the ACTIVE role started."
        case .handoverCancelled: "A handover of the ACTIVE role was cancelled."
        case .roleOverrideSet: "A role override was set."
        case .roleOverrideExpired: "A role override expired."
        case .roleOverrideCleared: "A role override was cleared."
        case .memberRegistered: "An appliance joined the group."
        case .memberUpdated: "An appliance's registration data changed."
        case .memberRemoved: "An appliance left the group."
        case .groupCreated: "The HA group was created."
        case .groupUpdated: "The HA group was changed."
        case .accessControlChanged: "The group's access control changed."
        case .groupPaused: "Automatic failover of the HA group was paused."
        case .groupResumed: "Automatic failover of the HA group was resumed."
        case .taskQueued: "A failover was requested."
        case .taskStarted: "A failover started."
        case .taskSucceeded: "A failover succeeded."
        case .taskFailed: "A failover failed."
        case .taskCanceled: "A failover was cancelled."
        }
    }
}
