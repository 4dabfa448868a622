import ArgumentParser
import BatonCore
import BatonStore
import Foundation

/// `baton users …`: people who sign in with HTTP Basic (or an HCX session).
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage users (HTTP Basic credentials) in the data directory or the shared PostgreSQL store; works while `baton serve` runs.",
        subcommands: [Add.self, List.self, Remove.self])

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

        func validate() throws {
            try PrincipalInput.validateID(username, option: "--username")
            try PrincipalInput.validateTenant(tenant)
            _ = try PrincipalInput.role(role)
        }

        func run() async throws {
            let role = try PrincipalInput.role(role)
            let cost = try store.resolvedBcryptCost()
            try await store.withStore { principals in try await add(to: principals, role: role, cost: cost) }
        }

        private func add(to principals: any PrincipalStore, role: AccessRole, cost: Int) async throws {
            let existing = try await principals.principal(.user, id: username)
            if existing != nil && !replace {
                throw CommandFailure("user '\(username)' already exists; add --replace to change its password, tenant and role")
            }
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
            let record = PrincipalRecord(
                principal: Principal(kind: .user, id: username, tenant: tenant, role: role),
                secretHash: SecretHasher.hash(password, cost: cost),
                createdAt: existing?.createdAt ?? Date())
            try await principals.savePrincipal(record)
            let verb = existing == nil ? "Added" : "Replaced"
            print("\(verb) user '\(username)' (tenant \(tenant), role \(role.name)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users (never their passwords or hashes).")

        @OptionGroup var store: PrincipalStoreOptions

        func run() async throws {
            let users = try await store.withStore { try await $0.principals() }.filter { $0.principal.kind == .user }
            guard !users.isEmpty else {
                print("No users. Create the first admin with: baton users add --username admin --role admin")
                return
            }
            print(PrincipalTable.render(users))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user.")

        @Option(help: "The user name.")
        var username: String

        @OptionGroup var store: PrincipalStoreOptions

        func run() async throws {
            guard try await store.withStore({ try await $0.deletePrincipal(.user, id: username) }) else {
                throw CommandFailure("there is no user '\(username)'")
            }
            print("Removed user '\(username)'.")
        }
    }
}
