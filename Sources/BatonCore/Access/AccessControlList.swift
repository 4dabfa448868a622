/// The Client Failover access rights bitmask.
public struct AccessRights: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let read = AccessRights(rawValue: 1)
    public static let write = AccessRights(rawValue: 2)
    public static let delete = AccessRights(rawValue: 4)
    public static let manageAccessControl = AccessRights(rawValue: 8)
    public static let all: AccessRights = [.read, .write, .delete, .manageAccessControl]
}

/// Whom an entry is about: one user, one client, or everyone holding a role.
public struct Trustee: Equatable, Hashable, Sendable {
    public enum Kind: Int, Sendable, CaseIterable {
        case user = 1
        case client = 2
        case role = 3
    }

    public var kind: Kind
    /// The user name, the client id, or the role name (`reader`, `member`, `operator`, `admin`).
    public var objectID: String
    /// When set, the entry only matches principals of this tenant.
    public var tenantID: String?

    public init(kind: Kind, objectID: String, tenantID: String? = nil) {
        self.kind = kind
        self.objectID = objectID
        self.tenantID = tenantID
    }

    func matches(_ principal: Principal) -> Bool {
        if let tenantID, tenantID != principal.tenant { return false }
        switch kind {
        case .user: return principal.kind == .user && principal.id == objectID
        case .client: return principal.kind == .client && principal.id == objectID
        // A role entry covers everyone holding that role or a higher one.
        case .role: return AccessRole(name: objectID).map { principal.role >= $0 } ?? false
        }
    }
}

public struct AccessControlEntry: Equatable, Hashable, Sendable {
    public enum AccessType: Int, Sendable, CaseIterable {
        case allowed = 0
        case denied = 1
    }

    public var trustee: Trustee
    public var accessType: AccessType
    public var rights: AccessRights

    public init(trustee: Trustee, accessType: AccessType, rights: AccessRights) {
        self.trustee = trustee
        self.accessType = accessType
        self.rights = rights
    }
}

/// An ordered list of entries. Denied wins over allowed, whatever the order.
public struct AccessControlList: Equatable, Hashable, Sendable {
    public var entries: [AccessControlEntry]

    public init(entries: [AccessControlEntry] = []) {
        self.entries = entries
    }

    /// Whether the list lets `principal` use `right`: no matching entry denies it and at
    /// least one matching entry allows it.
    func permits(_ right: AccessRights, to principal: Principal) -> Bool {
        var allowed = false
        for entry in entries where entry.rights.contains(right) && entry.trustee.matches(principal) {
            if entry.accessType == .denied { return false }
            allowed = true
        }
        return allowed
    }
}
