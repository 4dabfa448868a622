import BatonCore
import BatonJSON
import BatonWire
import Foundation

/// Client Failover answer bodies, PascalCase, enums as integers (`api/v1`).
enum ClientFailoverWire {
    static let version = "1.0"

    static func group(_ configuration: GroupConfiguration) -> JSONValue {
        .object([
            "Id": .string(configuration.id),
            "Name": string(configuration.name),
            "Description": string(configuration.description),
            "FailoverTimeout": .string(TimeSpan.format(configuration.failoverTimeout)),
            "AdditionalData": configuration.additionalData ?? .null,
            "PreemptionPolicy": .number(configuration.preemption == .score ? 0 : 1),
        ])
    }

    static func status(_ status: GroupStatus) -> JSONValue {
        .object([
            "Primary": string(status.primary),
            "PendingPrimary": string(status.pendingPrimary),
            "LastDataProcessedTime": time(status.lastDataProcessedTime),
            "Epoch": .number(Double(status.epoch)),
            "Paused": .bool(status.pause != nil),
            "Pause": status.pause.map(pause) ?? .null,
        ])
    }

    static func hint(_ hint: MemberHint, event: GroupEvent) -> JSONValue {
        .object([
            "Hint": .string(hint.rawValue), "Action": .string("HeartbeatNow"),
            "Sequence": .number(Double(event.sequence)), "Epoch": .number(Double(event.epoch)),
            "Event": .string(event.kind.rawValue),
        ])
    }

    /// A namespace stream's opening: each readable group's role state and latest sequence.
    static func snapshot(_ groups: [GroupOverview]) -> JSONValue {
        .object(["Groups": .array(groups.map { group in
            var fields: [String: JSONValue] = ["GroupId": .string(group.key.id), "LastSequence": .number(Double(group.lastSequence))]
            if case .object(let status) = status(group.status) { fields.merge(status) { $1 } }
            return .object(fields)
        })])
    }

    static func pause(_ pause: GroupPause) -> JSONValue {
        .object(["Since": .string(WireTime.format(pause.since)), "By": string(pause.by), "Reason": string(pause.reason)])
    }

    static func session(_ view: MemberView) -> JSONValue {
        let heartbeat: JSONValue = view.lastHeartbeat.map { heartbeat in
            .object([
                "FailoverScore": .number(heartbeat.score),
                "LastDataProcessedTime": time(heartbeat.lastDataProcessedTime),
                "HeartbeatTime": time(heartbeat.heartbeatTime ?? heartbeat.receivedAt),
                "ReceivedTime": time(heartbeat.receivedAt),
            ])
        } ?? .null
        return .object([
            "Id": .string(view.registration.id),
            "Name": string(view.registration.name),
            "Heartbeat": heartbeat,
            "Role": .number(Double(view.role.rawValue)),
            "HeartbeatPosted": .bool(view.lastHeartbeat != nil),
            "RoleOverride": .number(Double(view.roleOverride.rawValue)),
            "RoleOverrideExpirationTime": time(view.roleOverrideExpirationTime),
            "AdditionalData": view.registration.additionalData ?? .null,
            "IsLive": .bool(view.isLive),
        ])
    }

    static func heartbeat(_ answer: HeartbeatAnswer) -> JSONValue {
        .object([
            "Role": .number(Double(answer.role.rawValue)),
            "LastDataProcessedTime": time(answer.lastDataProcessedTime),
            "Epoch": .number(Double(answer.epoch)),
            "FailoverTimeout": .string(TimeSpan.format(answer.failoverTimeout)),
        ])
    }

    static func roleOverride(_ answer: RoleOverrideAnswer) -> JSONValue {
        .object([
            "Value": .number(Double(answer.value.rawValue)),
            "RoleOverrideExpirationTime": time(answer.expirationTime),
        ])
    }

    static func event(_ event: GroupEvent) -> JSONValue {
        .object([
            "Sequence": .number(Double(event.sequence)),
            "Time": .string(WireTime.format(event.time)),
            "Type": .string(event.kind.rawValue),
            "From": string(event.from),
            "To": string(event.to),
            "Epoch": .number(Double(event.epoch)),
            "Reason": .string(event.reason),
            "Principal": string(event.principal),
            "Detail": string(event.detail),
        ])
    }

    static func string(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    static func time(_ date: Date?) -> JSONValue {
        date.map { .string(WireTime.format($0)) } ?? .null
    }
}

extension ClientFailoverWire {
    /// The heartbeat answer written directly: it is the one body on the hot path. Same
    /// text as `heartbeat(_:).jsonText` (keys in sorted order), which a test holds it to.
    static func heartbeatText(_ answer: HeartbeatAnswer) -> String {
        let watermark = answer.lastDataProcessedTime.map { "\"\(WireTime.format($0))\"" } ?? "null"
        return "{\"Epoch\":\(answer.epoch),\"FailoverTimeout\":\"\(TimeSpan.format(answer.failoverTimeout))\","
            + "\"LastDataProcessedTime\":\(watermark),\"Role\":\(answer.role.rawValue)}"
    }
}

extension ClientFailoverWire {
    /// A failover task, PascalCase like the rest of the API (Baton extension).
    static func task(_ task: FailoverTask) -> JSONValue {
        .object([
            "Id": .string(task.id),
            "GroupId": .string(task.group.id),
            "Status": .string(task.status.rawValue),
            "Progress": .number(Double(task.progress)),
            "Message": string(task.message),
            "RequestedTargetSessionId": string(task.requestedTarget),
            "TargetSessionId": string(task.target),
            "ScheduledTime": time(task.scheduledAt),
            "Reason": string(task.reason),
            "Principal": string(task.principal),
            "CreatedTime": .string(WireTime.format(task.createdAt)),
            "StartTime": time(task.startedAt),
            "EndTime": time(task.endedAt),
            "FromPrimary": string(task.fromPrimary),
            "Epoch": task.epoch.map { .number(Double($0)) } ?? .null,
            "Steps": .array(task.steps.map { step in
                .object([
                    "Title": .string(step.title),
                    "Status": .string(step.status.rawValue),
                    "StartTime": .string(WireTime.format(step.startTime)),
                    "EndTime": time(step.endTime),
                    "Message": string(step.message),
                ])
            }),
        ])
    }
}
