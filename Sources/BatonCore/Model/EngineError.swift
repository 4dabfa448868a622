/// Why the engine refused an operation. The wire layers map each case to their own
/// status code and error body.
public enum EngineError: Error, Equatable, Sendable {
    case groupNotFound(GroupKey)
    case memberNotFound(GroupKey, MemberID)
    /// A group with this id exists with another configuration.
    case groupConflict(GroupKey)
    /// A member with this id exists with another name or data.
    case memberConflict(GroupKey, MemberID)
    /// The group still has members; remove them first.
    case groupHasMembers(GroupKey, count: Int)
    /// An argument breaks a rule: `field` names it, `problem` says how.
    case invalid(field: String, problem: String)
    /// The acting principal may not do this; says why (never whether another tenant's
    /// group exists: the tenant is checked before anything is looked up).
    case forbidden(String)
    case taskNotFound(String)
    case applianceNotFound(String)
    /// An appliance with this id exists with another registration.
    case applianceConflict(String)
    /// The appliances of a new HA group are in another service mesh than the group names, or
    /// in several: a conflict with how they were registered, not a malformed request.
    case serviceMeshConflict(String)
    /// The appliance belongs to an HA group already.
    case applianceInGroup(String, group: String)
    /// A failover cannot be accepted or cancelled now; `refusal` says why, `detail` says more.
    case failoverRefused(FailoverRefusal, detail: String)
}
