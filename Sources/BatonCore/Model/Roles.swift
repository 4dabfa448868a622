/// What a member is told it is. Raw values are the Client Failover wire integers.
public enum Role: Int, Sendable, CaseIterable {
    case secondary = 0
    case primary = 1
    case pendingPrimary = 2

    public var name: String {
        switch self {
        case .secondary: "Secondary"
        case .primary: "Primary"
        case .pendingPrimary: "PendingPrimary"
        }
    }
}

/// An operator's instruction for one member. `secondary` is Baton's drain: the member is
/// never eligible while it holds.
public enum RoleOverride: Int, Sendable, CaseIterable {
    case off = 0
    case primary = 1
    case secondary = 2

    public var name: String {
        switch self {
        case .off: "Off"
        case .primary: "Primary"
        case .secondary: "Secondary"
        }
    }

    /// Reads the wire value: an integer or a name, names case-insensitively.
    public init?(wireName: String) {
        guard let match = Self.allCases.first(where: { $0.name.lowercased() == wireName.lowercased() }) else {
            return nil
        }
        self = match
    }
}

/// When a healthy Primary gives way to a better member.
public enum PreemptionPolicy: String, Sendable, CaseIterable {
    /// A live member whose score has been strictly higher for one whole `FailoverTimeout`
    /// takes over (the Client Failover default).
    case score = "Score"
    /// Only death, score 0, an override, a drain or a forced failover moves the role
    /// (the HA groups default: no preemption, no automatic failback).
    case none = "None"

    public init?(wireName: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == wireName.lowercased() }) else {
            return nil
        }
        self = match
    }
}
