import Configuration

/// One setting of `baton serve`, declared once: its configuration key, and from it its
/// command-line flag and environment variable, with the default and the help shown by
/// `baton serve --help` and in the README's table (a test holds the README to this list).
public struct ServerSetting: Sendable, Equatable {
    /// The key under `baton.` in camel case, e.g. `dataDir`.
    public let name: String
    /// The default as people read it (README, help).
    public let defaultText: String
    public let help: String

    public var key: ConfigKey { ConfigKey(["baton", name]) }
    /// `dataDir` → `--data-dir`.
    public var flag: String { "--" + words.joined(separator: "-") }
    /// `dataDir` → `BATON_DATA_DIR`, as swift-configuration's environment provider reads `key`.
    public var variable: String { (["BATON"] + words.map { $0.uppercased() }).joined(separator: "_") }

    private var words: [String] {
        var words: [String] = []
        for character in name {
            if character.isUppercase || words.isEmpty { words.append("") }
            words[words.count - 1].append(character.lowercased())
        }
        return words
    }

    public static let host = ServerSetting(name: "host", defaultText: "`\(ServerSettings.defaultHost)`",
                                           help: "Address to bind.")
    public static let port = ServerSetting(name: "port", defaultText: "`\(ServerSettings.defaultPort)`",
                                           help: "Port to listen on, 0…65535.")
    public static let dataDir = ServerSetting(name: "dataDir", defaultText: "`\(ServerSettings.defaultDataDirectory)`",
                                              help: "Directory of the embedded SQLite store.")
    public static let logLevel = ServerSetting(name: "logLevel", defaultText: "`info`",
                                               help: "trace, debug, info, notice, warning, error or critical.")
    public static let auth = ServerSetting(name: "auth", defaultText: "`disabled` (only allowed on a loopback address)",
                                           help: "required or disabled.")
    public static let tlsCert = ServerSetting(name: "tlsCert", defaultText: "plain HTTP",
                                              help: "PEM certificate chain; with --tls-key serves HTTPS.")
    public static let tlsKey = ServerSetting(name: "tlsKey", defaultText: "plain HTTP",
                                             help: "PEM private key for --tls-cert.")
    public static let tokenLifetime = ServerSetting(name: "tokenLifetime", defaultText: "`3600` seconds",
                                                    help: "Seconds an issued token is valid, 60…86400.")
    public static let heartbeatRate = ServerSetting(name: "heartbeatRate", defaultText: "`20` per second per session",
                                                    help: "Heartbeats per second per session, 0 = no limit.")
    public static let requestRate = ServerSetting(name: "requestRate", defaultText: "`1000` per second per principal",
                                                  help: "Requests per second per principal, 0 = no limit.")
    public static let bcryptCost = ServerSetting(name: "bcryptCost", defaultText: "`12`",
                                                 help: "bcrypt cost of stored secrets, 4…31.")
    public static let postgresUrl = ServerSetting(
        name: "postgresUrl", defaultText: "none: the embedded SQLite store",
        help: "postgres://user:password@host:port/database — run on a PostgreSQL database that several instances share.")
    public static let pollInterval = ServerSetting(
        name: "pollInterval", defaultText: "`50` ms (PostgreSQL only)",
        help: "On PostgreSQL: milliseconds between looks for groups whose deadline has come, 5…10000.")

    /// Every setting, in the order the README and the help list them.
    public static let all: [ServerSetting] = [
        host, port, dataDir, logLevel, auth, tlsCert, tlsKey, tokenLifetime, heartbeatRate, requestRate, bcryptCost,
        postgresUrl, pollInterval,
    ]

    /// The help of every setting, for `baton serve --help`.
    public static var helpText: String {
        all.map { "\($0.flag) <value>: \($0.help) [\($0.variable); default \($0.defaultText.replacingBackticks)]" }
            .joined(separator: "\n")
    }

    /// The README's configuration table, one row per setting.
    public static var markdownTable: String {
        (["| flag | environment | default | meaning |", "| --- | --- | --- | --- |"]
            + all.map { "| `\($0.flag)` | `\($0.variable)` | \($0.defaultText) | \($0.help) |" })
            .joined(separator: "\n")
    }

    /// Reads `--flag value` and `--flag=value` pairs of declared settings into configuration
    /// values (the highest-precedence provider). An unknown flag or a flag without a value
    /// is an error, so a typo never silently falls back to a default.
    public static func commandLineValues(_ arguments: [String]) throws -> [AbsoluteConfigKey: ConfigValue] {
        let byFlag = Dictionary(uniqueKeysWithValues: all.map { ($0.flag, $0) })
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            let flag: String
            let value: String
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                flag = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                flag = argument
                guard index < arguments.endIndex, byFlag[flag] != nil else {
                    throw ServerSettings.Invalid(description: byFlag[flag] == nil
                        ? "unknown option '\(argument)'; the options are \(all.map(\.flag).joined(separator: ", "))"
                        : "\(flag) needs a value")
                }
                value = arguments[index]
                index += 1
            }
            guard let setting = byFlag[flag] else {
                throw ServerSettings.Invalid(
                    description: "unknown option '\(flag)'; the options are \(all.map(\.flag).joined(separator: ", "))")
            }
            values[AbsoluteConfigKey(setting.key)] = .init(.string(value), isSecret: setting == .postgresUrl)
        }
        return values
    }
}

extension String {
    fileprivate var replacingBackticks: String { replacingOccurrences(of: "`", with: "") }
}
