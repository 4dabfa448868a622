import ArgumentParser
import BatonCore
import BatonStore
import Foundation

/// `baton clients …`: programs that exchange a ClientId and ClientSecret for a short-lived
/// bearer token (OAuth2 client credentials).
struct Clients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API clients (ClientId / ClientSecret) in the data directory or the shared PostgreSQL store; works while `baton serve` runs.",
        subcommands: [Add.self, ListPrincipals<ClientKind>.self, RemovePrincipal<ClientKind>.self])

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

        private var addition: PrincipalAddition<ClientKind> {
            PrincipalAddition(id: clientID, tenant: tenant, role: role, replace: replace, replaceHint: "give it a new secret")
        }

        func validate() throws { try addition.validate() }

        func run() async throws {
            let secret = SecretHasher.generateSecret()
            let (replaced, role) = try await addition.save(in: store) { secret }
            print("""
                \(replaced ? "Replaced" : "Added") client '\(clientID)' (tenant \(tenant), role \(role.name)).
                ClientId:     \(clientID)
                ClientSecret: \(secret)
                Store this secret now: it is shown only this once and cannot be shown again (Baton keeps \
                only its hash). If it is lost, run `baton clients add --client-id \(clientID) --replace` for a new one.
                """)
        }
    }
}

enum ClientKind: PrincipalKindDescription {
    static let kind = Principal.Kind.client
    static let noun = "client"
    static let idOption = "client-id"
    static let idHelp = "The client id."
    static let noneYet = "No clients. Add one with: baton clients add --client-id NAME"
    static let secretNoun = "secret"
}
