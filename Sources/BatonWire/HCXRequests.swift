import BatonCore
import BatonJSON

/// HCX (HA groups) request bodies read into engine inputs, camelCase. Type errors are
/// `BadRequest`s (400) here; rules (ranges, ids) are the engine's.
public enum HCXRequests {
    /// `POST …/appliances {applianceId, applianceName?, applianceType?, peerApplianceId?,
    /// peerApplianceName?, serviceMeshId?}`.
    public static func applianceRegistration(_ body: JSONValue) throws -> ApplianceRegistration {
        let fields = JSONFields(object: body)
        return ApplianceRegistration(
            id: try fields.requiredString("applianceId"), name: try fields.string("applianceName"),
            type: try fields.string("applianceType"), peerID: try fields.string("peerApplianceId"),
            peerName: try fields.string("peerApplianceName"), serviceMeshID: try fields.string("serviceMeshId"))
    }

    /// `POST …/appliances/{applianceId}/heartbeat {score}`: the score, required.
    public static func heartbeatScore(_ body: JSONValue) throws -> Double {
        guard let score = try JSONFields(object: body).number("score") else { throw BadRequest("score is required.") }
        return score
    }

    /// `POST …/ha/groups/{groupId}/appliances/{applianceId}/roleOverride {value, expirationPeriod?}`
    /// (Baton extension): `ACTIVE` (make it the desired ACTIVE), `STANDBY` (drain it) or `OFF`
    /// (clear), matched case-insensitively; `expirationPeriod` a .NET time span.
    public static func roleOverride(_ body: JSONValue) throws -> (RoleOverride, Duration?) {
        let fields = JSONFields(object: body)
        guard let text = try fields.string("value") else { throw BadRequest("value is required: ACTIVE, STANDBY or OFF.") }
        let value: RoleOverride
        switch text.uppercased() {
        case "ACTIVE": value = .primary
        case "STANDBY": value = .secondary
        case "OFF": value = .off
        default: throw BadRequest("value \(Quoted.text(text)) is not ACTIVE, STANDBY or OFF.")
        }
        return (value, try fields.timeSpan("expirationPeriod"))
    }

    /// `POST …/ha/groups {groupId?, name?, appliances, policyInfo?: {policy}, serviceMeshId?, failoverTimeout?}`.
    public struct HAGroup: Equatable, Sendable {
        /// Nil when the body names none: the server makes one up.
        public var groupID: String?
        public var name: String?
        public var appliances: [String]
        public var preemption: PreemptionPolicy
        public var serviceMeshID: String?
        public var failoverTimeout: Duration

        public init(_ body: JSONValue) throws {
            let fields = JSONFields(object: body)
            groupID = try fields.string("groupId")
            name = try fields.string("name")
            guard let list = fields.value("appliances") else { throw BadRequest("appliances is required.") }
            guard case .array(let items) = list else { throw BadRequest("appliances must be an array of appliance ids.") }
            appliances = try items.map { item -> String in
                guard case .string(let id) = item else { throw BadRequest("appliances must be an array of appliance ids.") }
                return id
            }
            preemption = PreemptionPolicy.none
            if let info = fields.value("policyInfo") {
                guard case .object = info else { throw BadRequest("policyInfo must be an object.") }
                if let policy = try JSONFields(object: info).string("policy") {
                    switch policy.uppercased() {
                    case "NONE": preemption = .none
                    case "SCORE": preemption = .score
                    default: throw BadRequest("policyInfo.policy \(Quoted.text(policy)) is not NONE or SCORE.")
                    }
                }
            }
            serviceMeshID = try fields.string("serviceMeshId")
            failoverTimeout = try fields.timeSpan("failoverTimeout") ?? HAGroups.defaultFailoverTimeout
        }
    }
}
