/// What a principal may do within its tenant. Each role includes the ones below it.
public enum AccessRole: Int, Comparable, CaseIterable, Sendable {
    /// Read groups, sessions, status and history.
    case reader = 1
    /// Also register and remove sessions and heartbeat: what an adapter needs.
    case member = 2
    /// Also set role overrides (and force failovers).
    case `operator` = 3
    /// Also create, change and delete groups, and manage access control and principals.
    case admin = 4

    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .reader: "reader"
        case .member: "member"
        case .operator: "operator"
        case .admin: "admin"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = match
    }
}
