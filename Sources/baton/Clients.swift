import ArgumentParser
import BatonCore
import BatonStore
import Foundation

/// `baton clients …`: programs that exchange a ClientId and ClientSecret for a short-lived
/// bearer token (OAuth2 client credentials).
struct Clients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API clients (ClientId / ClientSecret) in the data directory or the shared PostgreSQL store; works while `baton serve` runs.",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a client and print its generated secret, once.",
            discussion: """
                Baton generates the secret (32 random bytes, URL-safe base64) and keeps only its bcrypt \
                hash: the secret is printed this one time and cannot be shown again. With --replace, an \
                existing client gets a new secret (the old one stops working), tenant and role.
                """)

        @Option(name: .customLong("client-id"), help: "The client id.")
        var clientID: String

        @Option(help: "The tenant the client belongs to.")
        var tenant: String = "default"

        @Option(help: "reader, member, operator or admin.")
        var role: String = AccessRole.member.name

        @Flag(help: "Give an existing client a new secret, tenant and role.")
        var replace = false

        @OptionGroup var store: PrincipalStoreOptions

        func validate() throws {
            try PrincipalInput.validateID(clientID, option: "--client-id")
            try PrincipalInput.validateTenant(tenant)
            _ = try PrincipalInput.role(role)
        }

        func run() async throws {
            let role = try PrincipalInput.role(role)
            let cost = try store.resolvedBcryptCost()
            try await store.withStore { principals in try await add(to: principals, role: role, cost: cost) }
        }

        private func add(to principals: any PrincipalStore, role: AccessRole, cost: Int) async throws {
            let existing = try await principals.principal(.client, id: clientID)
            if existing != nil && !replace {
                throw CommandFailure("client '\(clientID)' already exists; add --replace to give it a new secret")
            }
            let secret = SecretHasher.generateSecret()
            let record = PrincipalRecord(
                principal: Principal(kind: .client, id: clientID, tenant: tenant, role: role),
                secretHash: SecretHasher.hash(secret, cost: cost),
                createdAt: existing?.createdAt ?? Date())
            try await principals.savePrincipal(record)
            let verb = existing == nil ? "Added" : "Replaced"
            print("""
                \(verb) client '\(clientID)' (tenant \(tenant), role \(role.name)).
                ClientId:     \(clientID)
                ClientSecret: \(secret)
                Store this secret now: it is shown only this once and cannot be shown again (Baton keeps \
                only its hash). If it is lost, run `baton clients add --client-id \(clientID) --replace` for a new one.
                """)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List clients (never their secrets or hashes).")

        @OptionGroup var store: PrincipalStoreOptions

        func run() async throws {
            let clients = try await store.withStore { try await $0.principals() }.filter { $0.principal.kind == .client }
            guard !clients.isEmpty else {
                print("No clients. Add one with: baton clients add --client-id NAME")
                return
            }
            print(PrincipalTable.render(clients))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a client.")

        @Option(name: .customLong("client-id"), help: "The client id.")
        var clientID: String

        @OptionGroup var store: PrincipalStoreOptions

        func run() async throws {
            guard try await store.withStore({ try await $0.deletePrincipal(.client, id: clientID) }) else {
                throw CommandFailure("there is no client '\(clientID)'")
            }
            print("Removed client '\(clientID)'.")
        }
    }
}
