import BatonCore
import Foundation

/// A stored principal: who it is and the bcrypt hash of its secret (never the secret).
public struct PrincipalRecord: Equatable, Sendable {
    public var principal: Principal
    public var secretHash: String
    public var createdAt: Date

    public init(principal: Principal, secretHash: String, createdAt: Date) {
        self.principal = principal
        self.secretHash = secretHash
        self.createdAt = createdAt
    }
}

/// Where users and clients and the token signing key live. Users and clients are separate
/// name spaces; within each, an id is unique across tenants (HTTP Basic carries no tenant).
public protocol PrincipalStore: Sendable {
    func principal(_ kind: Principal.Kind, id: String) throws -> PrincipalRecord?
    /// Inserts or replaces (a new role or secret for an existing id).
    func savePrincipal(_ record: PrincipalRecord) throws
    /// Whether there was one to delete.
    @discardableResult func deletePrincipal(_ kind: Principal.Kind, id: String) throws -> Bool
    /// All principals, ordered by kind then id.
    func principals() throws -> [PrincipalRecord]
    /// The HMAC key that signs bearer and HCX session tokens: 32 random bytes made on first
    /// use and kept, so tokens outlive a restart (and, later, are shared by instances).
    func signingKey() throws -> [UInt8]
}
