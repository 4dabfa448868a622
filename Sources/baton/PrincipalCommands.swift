import ArgumentParser
import BatonCore
import BatonStore
import Foundation

/// What differs between `baton users` and `baton clients`; everything else is shared.
protocol PrincipalKindDescription {
    static var kind: Principal.Kind { get }
    /// "user", "client".
    static var noun: String { get }
    /// The option naming one: "username", "client-id".
    static var idOption: String { get }
    static var idHelp: String { get }
    /// What `list` says when there is none.
    static var noneYet: String { get }
    /// What `list` never shows.
    static var secretNoun: String { get }
}

/// `baton users|clients list`.
struct ListPrincipals<Kind: PrincipalKindDescription>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List \(Kind.noun)s (never their \(Kind.secretNoun)s or hashes).")
    }

    @OptionGroup var store: PrincipalStoreOptions

    func run() async throws {
        let records = try await store.withStore { try await $0.principals() }.filter { $0.principal.kind == Kind.kind }
        guard !records.isEmpty else {
            print(Kind.noneYet)
            return
        }
        print(PrincipalTable.render(records))
    }
}

/// `baton users|clients remove`.
struct RemovePrincipal<Kind: PrincipalKindDescription>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "remove", abstract: "Remove a \(Kind.noun).")
    }

    @Option(name: .customLong(Kind.idOption), help: ArgumentHelp(Kind.idHelp))
    var id: String

    @OptionGroup var store: PrincipalStoreOptions

    func run() async throws {
        guard try await store.withStore({ try await $0.deletePrincipal(Kind.kind, id: id) }) else {
            throw CommandFailure("there is no \(Kind.noun) '\(id)'")
        }
        print("Removed \(Kind.noun) '\(id)'.")
    }
}

/// The part of `add` both kinds share: check the names, refuse to overwrite without
/// `--replace`, hash the secret and save.
struct PrincipalAddition<Kind: PrincipalKindDescription> {
    let id: String
    let tenant: String
    let role: String
    let replace: Bool
    /// Why `--replace` is needed, in the refusal ("change its password, tenant and role").
    let replaceHint: String

    func validate() throws {
        try PrincipalInput.validateID(id, option: "--" + Kind.idOption)
        try PrincipalInput.validateTenant(tenant)
        _ = try PrincipalInput.role(role)
    }

    /// Saves the principal with the secret `secret` gives; answers whether one was replaced
    /// and its role.
    func save(in store: PrincipalStoreOptions, secret: @escaping () throws -> String) async throws -> (replaced: Bool, role: AccessRole) {
        let role = try PrincipalInput.role(role)
        let cost = try store.resolvedBcryptCost()
        return try await store.withStore { principals in
            let existing = try await principals.principal(Kind.kind, id: id)
            if existing != nil && !replace {
                throw CommandFailure("\(Kind.noun) '\(id)' already exists; add --replace to \(replaceHint)")
            }
            let secret = try secret()
            try await principals.savePrincipal(PrincipalRecord(
                principal: Principal(kind: Kind.kind, id: id, tenant: tenant, role: role),
                secretHash: SecretHasher.hash(secret, cost: cost),
                createdAt: existing?.createdAt ?? Date()))
            return (existing != nil, role)
        }
    }
}
