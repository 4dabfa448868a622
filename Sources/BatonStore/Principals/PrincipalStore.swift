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
///
/// Asynchronous because the shared store reaches PostgreSQL over the network; the embedded
/// store answers synchronously (a synchronous method satisfies each requirement), so code that
/// holds a `SQLiteStore` itself can still call it without `await`.
public protocol PrincipalStore: Sendable {
    func principal(_ kind: Principal.Kind, id: String) async throws -> PrincipalRecord?
    /// Inserts or replaces (a new role or secret for an existing id).
    func savePrincipal(_ record: PrincipalRecord) async throws
    /// Whether there was one to delete.
    @discardableResult func deletePrincipal(_ kind: Principal.Kind, id: String) async throws -> Bool
    /// All principals, ordered by kind then id.
    func principals() async throws -> [PrincipalRecord]
    /// The HMAC key that signs bearer and HCX session tokens: 32 random bytes made on first
    /// use and kept, so tokens outlive a restart and are shared by every instance of a store.
    func signingKey() async throws -> [UInt8]
}
