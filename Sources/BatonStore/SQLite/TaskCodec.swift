import BatonCore
import BatonJSON
import Foundation

/// How a failover task is kept in the store: one JSON document per task, so its steps and
/// whatever later issues add to it need no schema change.
enum TaskCodec {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func encode(_ task: FailoverTask) -> JSONValue {
        .object([
            "id": .string(task.id),
            "kind": .string(task.kind.rawValue),
            "tenant": .string(task.group.tenant), "namespace": .string(task.group.namespace),
            "group": .string(task.group.id),
            "requestedTarget": string(task.requestedTarget), "target": string(task.target),
            "scheduledAt": time(task.scheduledAt), "reason": string(task.reason), "principal": string(task.principal),
            "status": .string(task.status.rawValue), "message": string(task.message),
            "createdAt": .number(task.createdAt.timeIntervalSince1970), "startedAt": time(task.startedAt),
            "endedAt": time(task.endedAt), "fromPrimary": string(task.fromPrimary),
            "epoch": task.epoch.map { .number(Double($0)) } ?? .null,
            "steps": .array(task.steps.map { step in
                .object([
                    "title": .string(step.title), "status": .string(step.status.rawValue),
                    "startTime": .number(step.startTime.timeIntervalSince1970), "endTime": time(step.endTime),
                    "message": string(step.message),
                ])
            }),
        ])
    }

    static func decode(_ json: JSONValue) throws -> FailoverTask {
        func text(_ key: String, in object: JSONValue = json) -> String? {
            if case .string(let value)? = object[caseInsensitive: key] { return value }
            return nil
        }
        func number(_ key: String, in object: JSONValue = json) -> Double? {
            if case .number(let value)? = object[caseInsensitive: key] { return value }
            return nil
        }
        func date(_ key: String, in object: JSONValue = json) -> Date? {
            number(key, in: object).map(Date.init(timeIntervalSince1970:))
        }
        guard let id = text("id"), let tenant = text("tenant"), let namespace = text("namespace"),
              let group = text("group"), let status = text("status").flatMap(FailoverTask.Status.init(rawValue:)),
              let createdAt = date("createdAt")
        else { throw Malformed(description: "a stored failover task lacks its id, group, status or creation time") }
        var task = FailoverTask(
            id: id, group: GroupKey(tenant: tenant, namespace: namespace, id: group),
            requestedTarget: text("requestedTarget"), scheduledAt: date("scheduledAt"), reason: text("reason"),
            principal: text("principal"), createdAt: createdAt)
        task.kind = text("kind").flatMap(FailoverTask.Kind.init(rawValue:)) ?? .failover
        task.target = text("target")
        task.status = status
        task.message = text("message")
        task.startedAt = date("startedAt")
        task.endedAt = date("endedAt")
        task.fromPrimary = text("fromPrimary")
        task.epoch = number("epoch").map { UInt64($0) }
        if case .array(let steps)? = json[caseInsensitive: "steps"] {
            task.steps = steps.compactMap { step in
                guard let title = text("title", in: step),
                      let status = text("status", in: step).flatMap(FailoverTask.Status.init(rawValue:)),
                      let start = date("startTime", in: step) else { return nil }
                return FailoverTask.Step(title: title, status: status, startTime: start, endTime: date("endTime", in: step),
                                         message: text("message", in: step))
            }
        }
        return task
    }

    private static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    private static func time(_ value: Date?) -> JSONValue { value.map { .number($0.timeIntervalSince1970) } ?? .null }
}
