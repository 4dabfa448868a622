/// A member's id within its group (a client session id or an appliance id).
public typealias MemberID = String

/// Where a group lives: its tenant, its namespace and its own id.
/// The on-premises API form uses the tenant and namespace `default`.
public struct GroupKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var tenant: String
    public var namespace: String
    public var id: String

    public init(tenant: String = "default", namespace: String = "default", id: String) {
        self.tenant = tenant
        self.namespace = namespace
        self.id = id
    }

    public static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
        (lhs.tenant, lhs.namespace, lhs.id) < (rhs.tenant, rhs.namespace, rhs.id)
    }

    public var description: String { "\(tenant)/\(namespace)/\(id)" }
}

/// One member of one group.
public struct MemberKey: Hashable, Sendable {
    public var group: GroupKey
    public var member: MemberID

    public init(group: GroupKey, member: MemberID) {
        self.group = group
        self.member = member
    }
}

/// The one rule for every id on both APIs: 1–100 characters, no control characters and
/// none of `/ ? # %` (they would be ambiguous in a path).
public enum IdentifierRule {
    public static let maximumLength = 100

    /// Why `id` is not acceptable, or nil when it is.
    public static func problem(with id: String) -> String? {
        if id.isEmpty { return "is empty" }
        // Fast path for the usual plain-ASCII id (a GUID, a host name): one pass over bytes.
        if id.utf8.count <= maximumLength, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F || $0 == 0x20 }) {
            for byte in id.utf8 where byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?")
                || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "%") {
                return "contains '\(Character(Unicode.Scalar(byte)))'"
            }
            return nil
        }
        if id.count > maximumLength { return "is longer than \(maximumLength) characters" }
        for scalar in id.unicodeScalars {
            if scalar.properties.generalCategory == .control { return "contains a control character" }
            if "/?#%".unicodeScalars.contains(scalar) { return "contains '\(scalar)'" }
        }
        return nil
    }
}
