/// Who is asking: a person (user, HTTP Basic or an HCX session), a program (client, OAuth2
/// client credentials), or nobody when authentication is off.
public struct Principal: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case user
        case client
        /// Authentication is disabled (loopback quick start): full rights in every tenant.
        case anonymous
    }

    public var kind: Kind
    /// The user name or client id; unique across tenants.
    public var id: String
    public var tenant: String
    public var role: AccessRole

    public init(kind: Kind, id: String, tenant: String, role: AccessRole) {
        self.kind = kind
        self.id = id
        self.tenant = tenant
        self.role = role
    }

    public static let anonymous = Principal(kind: .anonymous, id: "anonymous", tenant: "*", role: .admin)

    /// How events and logs name this principal: `user:alice`, `client:adapter-7`.
    public var description: String { "\(kind.rawValue):\(id)" }
}
