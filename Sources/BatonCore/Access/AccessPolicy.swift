/// What an operation needs: a minimum role in the group's tenant, and a right that the
/// group's access control list (or, without one, its namespace's collection list) grants.
public struct AccessRequirement: Equatable, Sendable {
    public var role: AccessRole
    public var right: AccessRights

    public init(role: AccessRole, right: AccessRights) {
        self.role = role
        self.right = right
    }

    public static let read = AccessRequirement(role: .reader, right: .read)
    /// Register a session, heartbeat.
    public static let participate = AccessRequirement(role: .member, right: .write)
    public static let removeMember = AccessRequirement(role: .member, right: .delete)
    /// Role overrides and forced failovers.
    public static let steer = AccessRequirement(role: .operator, right: .write)
    public static let configure = AccessRequirement(role: .admin, right: .write)
    public static let deleteGroup = AccessRequirement(role: .admin, right: .delete)
    public static let manageAccessControl = AccessRequirement(role: .admin, right: .manageAccessControl)
}

public enum AccessDecision: Equatable, Sendable {
    case allowed
    case denied(String)
}

/// Baton's access rule, in one place. Roles set the ceiling; an access control list only
/// narrows it (a list never grants more than the role). With no list on the group and none
/// on its namespace, the role alone decides. A principal never acts in another tenant.
/// An admin may always manage access control, so no list can lock the tenant out.
public enum AccessPolicy {
    public static func decide(
        _ principal: Principal, needs requirement: AccessRequirement, tenant: String,
        groupList: AccessControlList?, collectionList: AccessControlList?
    ) -> AccessDecision {
        if principal.kind == .anonymous { return .allowed }
        guard principal.tenant == tenant else { return .denied("belongs to another tenant") }
        guard principal.role >= requirement.role else {
            return .denied("the \(principal.role.name) role does not include this; it needs \(requirement.role.name)")
        }
        if requirement.right == .manageAccessControl && principal.role == .admin { return .allowed }
        guard let list = groupList ?? collectionList else { return .allowed }
        guard list.permits(requirement.right, to: principal) else {
            return .denied("the access control list does not allow it")
        }
        return .allowed
    }
}
