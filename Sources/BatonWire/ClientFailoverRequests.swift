import BatonCore
import BatonJSON
import Foundation

/// Client Failover request bodies read into engine inputs. Type errors are `BadRequest`s (400) here;
/// rules (ranges, ids) are the engine's.
public enum ClientFailoverRequests {
    public static func groupConfiguration(_ body: JSONValue, pathID: String?) throws -> GroupConfiguration {
        let fields = JSONFields(object: body)
        let bodyID = try fields.string("Id")
        guard let id = bodyID ?? pathID else { throw BadRequest("Id is required.") }
        if let pathID, let bodyID, bodyID != pathID {
            throw BadRequest("Id \(Quoted.text(bodyID)) does not match the group id in the path \(Quoted.text(pathID)).")
        }
        let preemption = try fields.enumeration(
            "PreemptionPolicy",
            byNumber: { $0 == 0 ? .score : $0 == 1 ? PreemptionPolicy.none : nil },
            byName: PreemptionPolicy.init(wireName:))
        return GroupConfiguration(
            id: id,
            name: try fields.string("Name"),
            description: try fields.string("Description"),
            failoverTimeout: try fields.timeSpan("FailoverTimeout") ?? GroupConfiguration.defaultFailoverTimeout,
            additionalData: fields.value("AdditionalData"),
            preemption: preemption ?? .score)
    }

    public static func registration(_ body: JSONValue) throws -> MemberRegistration {
        let fields = JSONFields(object: body)
        return MemberRegistration(
            id: try fields.requiredString("Id"), name: try fields.string("Name"),
            additionalData: fields.value("AdditionalData"))
    }

    /// `FailoverScore` is required; `FailoverStatus` is its older name.
    public static func heartbeat(_ body: JSONValue) throws -> HeartbeatInput {
        let fields = JSONFields(object: body)
        guard let score = try fields.number("FailoverScore") ?? fields.number("FailoverStatus") else {
            throw BadRequest("FailoverScore is required: a number from 0 to 100.")
        }
        return HeartbeatInput(
            score: score, heartbeatTime: try fields.date("HeartbeatTime"),
            lastDataProcessedTime: try fields.date("LastDataProcessedTime"))
    }

    public static func accessControlList(_ body: JSONValue) throws -> AccessControlList {
        do {
            return try AccessControlList(json: body)
        } catch {
            throw BadRequest("\(error.description.prefix(1).uppercased() + error.description.dropFirst()).")
        }
    }

    public static func roleOverride(_ body: JSONValue) throws -> (RoleOverride, Duration?) {
        let fields = JSONFields(object: body)
        guard let value = try fields.enumeration("Value", byNumber: RoleOverride.init(rawValue:), byName: RoleOverride.init(wireName:)) else {
            throw BadRequest("Value is required: Off (0), Primary (1) or Secondary (2).")
        }
        return (value, try fields.timeSpan("ExpirationPeriod"))
    }
}

/// A planned failover request: `{TargetSessionId?, ScheduledTime?, Reason?}`, all optional.
public struct FailoverRequest: Sendable {
    public static let maximumReasonLength = 1000

    public var target: MemberID?
    public var scheduledAt: Date?
    public var reason: String?

    public init(_ body: JSONValue) throws {
        let fields = JSONFields(object: body)
        target = try fields.string("TargetSessionId")
        if let target, let problem = IdentifierRule.problem(with: target) {
            throw BadRequest("TargetSessionId \(Quoted.text(target)) \(problem).")
        }
        scheduledAt = try fields.date("ScheduledTime")
        reason = try fields.string("Reason")
        if let reason, reason.count > Self.maximumReasonLength {
            throw BadRequest("Reason is longer than \(Self.maximumReasonLength) characters.")
        }
    }
}

/// `POST …/groups/{groupId}/pause` and `…/resume`: `{Reason?}`, or no body.
public struct PauseRequest: Sendable {
    public var reason: String?

    public init(_ body: JSONValue) throws {
        reason = try JSONFields(object: body).string("Reason")
        if let reason, reason.count > GroupPause.reasonLimit {
            throw BadRequest("Reason is longer than \(GroupPause.reasonLimit) characters.")
        }
    }
}
