import ArgumentParser
import BatonCore
import BatonStore
import Foundation

/// `baton users …`: people who sign in with HTTP Basic (or an HCX session).
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage users (HTTP Basic credentials) in the data directory or the shared PostgreSQL store; works while `baton serve` runs.",
        subcommands: [Add.self, ListPrincipals<UserKind>.self, RemovePrincipal<UserKind>.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user, or with --replace change an existing user's password, tenant and role.",
            discussion: """
                The password is read from standard input with --password-stdin (one trailing line break \
                is dropped), otherwise asked for twice on the terminal without echo. It must be at least \
                \(minimumPasswordLength) characters and at most \(SecretHasher.maximumSecretBytes) bytes. Only its \
                bcrypt hash is stored. Example: baton users add --username admin --role admin
                """)

        static let minimumPasswordLength = 8

        @Option(help: "The user name (what HTTP Basic sends).")
        var username: String

        @Option(help: "The tenant the user belongs to.")
        var tenant: String = "default"

        @Option(help: "reader, member, operator or admin.")
        var role: String = AccessRole.reader.name

        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.")
        var passwordFromStandardInput = false

        @Flag(help: "Replace the password, tenant and role of an existing user.")
        var replace = false

        @OptionGroup var store: PrincipalStoreOptions

        private var addition: PrincipalAddition<UserKind> {
            PrincipalAddition(id: username, tenant: tenant, role: role, replace: replace,
                              replaceHint: "change its password, tenant and role")
        }

        func validate() throws { try addition.validate() }

        func run() async throws {
            let (replaced, role) = try await addition.save(in: store) {
                let password: String
                if passwordFromStandardInput {
                    password = try PasswordReader.fromStandardInput()
                } else if PasswordReader.standardInputIsTerminal {
                    password = try PasswordReader.prompt(for: username)
                } else {
                    throw CommandFailure("no password: standard input is not a terminal; pipe the password in with --password-stdin")
                }
                guard password.count >= Self.minimumPasswordLength else {
                    throw CommandFailure("the password is too short: use at least \(Self.minimumPasswordLength) characters")
                }
                if let problem = SecretHasher.problem(with: password) {
                    throw CommandFailure("the password \(problem)")
                }
                return password
            }
            print("\(replaced ? "Replaced" : "Added") user '\(username)' (tenant \(tenant), role \(role.name)).")
        }
    }
}

enum UserKind: PrincipalKindDescription {
    static let kind = Principal.Kind.user
    static let noun = "user"
    static let idOption = "username"
    static let idHelp = "The user name."
    static let noneYet = "No users. Create the first admin with: baton users add --username admin --role admin"
    static let secretNoun = "password"
}
