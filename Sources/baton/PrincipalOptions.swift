import ArgumentParser
import BatonCore
import BatonServer
import BatonStore
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What every `baton users` / `baton clients` command needs: where the store is, and how
/// hard to hash. Flags win over `BATON_POSTGRES_URL` / `BATON_DATA_DIR` / `BATON_BCRYPT_COST`,
/// as for `baton serve`. With a PostgreSQL URL the principals are those of the shared store
/// every instance on that database uses; otherwise those of the embedded store.
struct PrincipalStoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory of the embedded store (env BATON_DATA_DIR). Default \(ServerSettings.defaultDataDirectory).")
    var dataDirectory: String?

    @Option(name: .customLong("postgres-url"), help: "postgres://user:password@host:port/database — manage the principals of the shared PostgreSQL store instead of the data directory's (env BATON_POSTGRES_URL).")
    var postgresURL: String?

    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt cost for new secrets, \(SecretHasher.minimumCost)–\(SecretHasher.maximumCost) (env BATON_BCRYPT_COST). Default \(SecretHasher.defaultCost).")
    var bcryptCost: Int?

    func validate() throws {
        if postgresURL != nil && dataDirectory != nil {
            throw ValidationError("--postgres-url and --data-dir name two different stores; give one")
        }
        _ = try resolvedPostgresURL()
        _ = try resolvedDataDirectory()
        _ = try resolvedBcryptCost()
    }

    /// The shared store's URL, if one is named: the flag, else `BATON_POSTGRES_URL` unless
    /// `--data-dir` asks for the embedded store.
    func resolvedPostgresURL() throws -> String? {
        if let postgresURL {
            guard !postgresURL.isEmpty else { throw ValidationError("--postgres-url is empty") }
            return postgresURL
        }
        guard dataDirectory == nil, let variable = ProcessInfo.processInfo.environment["BATON_POSTGRES_URL"] else {
            return nil
        }
        guard !variable.isEmpty else { throw ValidationError("BATON_POSTGRES_URL is empty") }
        return variable
    }

    func resolvedDataDirectory() throws -> String {
        if let dataDirectory {
            guard !dataDirectory.isEmpty else { throw ValidationError("--data-dir is empty") }
            return dataDirectory
        }
        if let variable = ProcessInfo.processInfo.environment["BATON_DATA_DIR"] {
            guard !variable.isEmpty else { throw ValidationError("BATON_DATA_DIR is empty") }
            return variable
        }
        return ServerSettings.defaultDataDirectory
    }

    func resolvedBcryptCost() throws -> Int {
        let range = SecretHasher.minimumCost...SecretHasher.maximumCost
        if let bcryptCost {
            guard range.contains(bcryptCost) else {
                throw ValidationError("--bcrypt-cost must be from \(range.lowerBound) to \(range.upperBound), not \(bcryptCost)")
            }
            return bcryptCost
        }
        if let text = ProcessInfo.processInfo.environment["BATON_BCRYPT_COST"] {
            guard let value = Int(text), range.contains(value) else {
                throw ValidationError("BATON_BCRYPT_COST must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            }
            return value
        }
        return SecretHasher.defaultCost
    }

    /// Runs `body` on the principals' store: the shared PostgreSQL store (closed afterwards),
    /// or the embedded one in administration mode, without the data-directory lock, so this
    /// works while `baton serve` runs on the same directory (it only touches the principal table).
    func withStore<Result>(_ body: (any PrincipalStore) async throws -> Result) async throws -> Result {
        guard let url = try resolvedPostgresURL() else {
            return try await body(SQLiteStore(directory: resolvedDataDirectory(), role: .administration))
        }
        var logger = Logger(label: "baton")
        logger.logLevel = .warning
        let store: PostgresStore
        do {
            store = try await PostgresStore.open(url: url, logger: logger)
        } catch {
            throw CommandFailure("cannot open the shared store: \(error)")
        }
        do {
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }
}

/// Checks shared by `users add` and `clients add`.
enum PrincipalInput {
    static func validateID(_ id: String, option: String) throws {
        if let problem = IdentifierRule.problem(with: id) {
            throw ValidationError("\(option) '\(id)' \(problem); ids are 1–\(IdentifierRule.maximumLength) characters without control characters or / ? # %")
        }
        // HTTP Basic (RFC 7617) separates the id from the secret with the first colon.
        if id.contains(":") {
            throw ValidationError("\(option) '\(id)' contains ':', which HTTP Basic credentials cannot carry")
        }
    }

    static func validateTenant(_ tenant: String) throws {
        if let problem = IdentifierRule.problem(with: tenant) {
            throw ValidationError("--tenant '\(tenant)' \(problem)")
        }
    }

    static func role(_ name: String) throws -> AccessRole {
        guard let role = AccessRole(name: name) else {
            let names = AccessRole.allCases.map(\.name).joined(separator: ", ")
            throw ValidationError("--role '\(name)' is not a role; use one of: \(names)")
        }
        return role
    }
}

/// A failure after the arguments were accepted: printed as `Error: …`, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The `users list` / `clients list` table. Never shows secrets or hashes.
enum PrincipalTable {
    static func render(_ records: [PrincipalRecord]) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let header = ["KIND", "ID", "TENANT", "ROLE", "CREATED"]
        let rows = records.map { record in
            [record.principal.kind.rawValue, record.principal.id, record.principal.tenant, record.principal.role.name,
             formatter.string(from: record.createdAt)]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Reads a new password without ever echoing or logging it.
enum PasswordReader {
    /// All of standard input, less one trailing line break.
    static func fromStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard var text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("the password on standard input is not valid UTF-8")
        }
        if text.hasSuffix("\r\n") {
            text.removeLast(1) // "\r\n" is one Character
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        return text
    }

    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Asks twice on the terminal with echo off; the two must match.
    static func prompt(for subject: String) throws -> String {
        let first = try readHidden(prompt: "Password for \(subject): ")
        let second = try readHidden(prompt: "Repeat the password: ")
        guard first == second else { throw CommandFailure("the two passwords differ; nothing was changed") }
        return first
    }

    /// Asks once on the terminal with echo off (an existing password, to sign in).
    static func promptOnce(for subject: String) throws -> String {
        try readHidden(prompt: "Password for \(subject): ")
    }

    private static func readHidden(prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else {
            throw CommandFailure("cannot turn off echo on this terminal; use --password-stdin")
        }
        savedTerminal = original
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        // Ctrl-C while echo is off must not leave the terminal silent.
        let previousHandler = signal(SIGINT, restoreTerminalAndExit)
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent) == 0 else {
            signal(SIGINT, previousHandler)
            throw CommandFailure("cannot turn off echo on this terminal; use --password-stdin")
        }
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            signal(SIGINT, previousHandler)
        }
        guard let line = readLine(strippingNewline: true) else {
            throw CommandFailure("no password entered")
        }
        return line
    }
}

/// The terminal settings to put back if the user interrupts a hidden prompt. Written only by
/// the one prompt running, before it installs the handler that reads it.
nonisolated(unsafe) private var savedTerminal = termios()

private func restoreTerminalAndExit(_ signal: Int32) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal)
    _exit(128 + signal)
}
