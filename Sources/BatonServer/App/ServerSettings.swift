import Configuration
import Logging

/// What `baton serve` needs to know, from command-line flags, `BATON_*` environment
/// variables or in-memory values (tests), in that order of precedence. Each setting's key,
/// flag, variable, default and help are declared once, in `ServerSetting`.
public struct ServerSettings: Sendable, Equatable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 5590
    public static let defaultDataDirectory = "./baton-data"

    public enum Authentication: String, Sendable, CaseIterable {
        /// Every request is anonymous with full rights: only allowed on a loopback address.
        case disabled
        /// Every API request needs credentials (Basic, a bearer token or an HCX session).
        case required
    }

    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var logLevel: Logger.Level
    public var authentication: Authentication
    /// PEM files; both set serves HTTPS, neither serves HTTP.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// How long an issued bearer token or HCX session token is valid.
    public var tokenLifetime: Duration
    /// Heartbeats per second allowed per session (bursts up to twice that); 0 = no limit.
    public var heartbeatRate: Int
    /// Requests per second allowed per principal (bursts up to twice that); 0 = no limit.
    public var requestRate: Int
    /// bcrypt cost for stored secrets (tests lower it; production keeps 12).
    public var bcryptCost: Int
    /// Wrong secrets checked with bcrypt per second per client address (`SecretCheckLimits`);
    /// not a command-line setting — tests raise it.
    public var secretCheckRate: Int = SecretCheckLimits.defaultRate
    /// A PostgreSQL URL: the shared store several instances run on. Nil keeps the embedded
    /// SQLite store in `dataDirectory`.
    public var postgresURL: String?
    /// On PostgreSQL: how often each instance looks for groups whose deadline has come. A
    /// lease expiry is acted on at most this much later than on a single instance.
    public var pollInterval: Duration

    public init(host: String = defaultHost, port: Int = defaultPort, dataDirectory: String = defaultDataDirectory,
                logLevel: Logger.Level = .info, authentication: Authentication = .disabled,
                tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil, tokenLifetime: Duration = .seconds(3600),
                heartbeatRate: Int = 20, requestRate: Int = 1000, bcryptCost: Int = 12, postgresURL: String? = nil,
                pollInterval: Duration = .milliseconds(50)) {
        self.postgresURL = postgresURL
        self.pollInterval = pollInterval
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.authentication = authentication
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsKeyPath = tlsKeyPath
        self.tokenLifetime = tokenLifetime
        self.heartbeatRate = heartbeatRate
        self.requestRate = requestRate
        self.bcryptCost = bcryptCost
    }

    /// Whether `host` can only be reached from this machine.
    public var bindsLoopbackOnly: Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        // 127.0.0.0/8, as a dotted IPv4 address only: `127.example.com` is a DNS name.
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }

    /// Refuses settings that would expose an unauthenticated coordinator: whoever reaches it
    /// could move the Primary role of every group.
    public func validateExposure() throws {
        if authentication == .disabled && !bindsLoopbackOnly {
            throw Invalid(description: """
                refusing to serve on \(host) without authentication: anyone who can reach it could move \
                every group's Primary. Use --auth required (BATON_AUTH=required) and create an admin with \
                `baton users add --username admin --role admin`, or bind 127.0.0.1.
                """)
        }
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw Invalid(description: "--tls-cert and --tls-key go together: give both to serve HTTPS, or neither")
        }
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the settings (declared in `ServerSetting`); a value that is present but unusable
    /// is an error, never silently replaced by a default.
    public init(reader: ConfigReader) throws {
        self.init()
        if let host = try Self.text(reader, .host) { self.host = host }
        if let port = try Self.integer(reader, .port, 0...65_535) { self.port = port }
        if let directory = try Self.text(reader, .dataDir) { dataDirectory = directory }
        if let text = try Self.text(reader, .auth) {
            guard let mode = Authentication(rawValue: text.lowercased()) else {
                throw Invalid(description: "\(Self.names(.auth)) must be 'required' or 'disabled', not '\(text)'")
            }
            authentication = mode
        }
        tlsCertificatePath = try Self.text(reader, .tlsCert) ?? tlsCertificatePath
        tlsKeyPath = try Self.text(reader, .tlsKey) ?? tlsKeyPath
        if let seconds = try Self.integer(reader, .tokenLifetime, 60...86_400) { tokenLifetime = .seconds(seconds) }
        heartbeatRate = try Self.integer(reader, .heartbeatRate, 0...1_000_000) ?? heartbeatRate
        requestRate = try Self.integer(reader, .requestRate, 0...1_000_000) ?? requestRate
        bcryptCost = try Self.integer(reader, .bcryptCost, 4...31) ?? bcryptCost
        postgresURL = try Self.text(reader, .postgresUrl) ?? postgresURL
        if let milliseconds = try Self.integer(reader, .pollInterval, 5...10_000) { pollInterval = .milliseconds(milliseconds) }
        if let levelText = try Self.text(reader, .logLevel) {
            guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw Invalid(description: "\(Self.names(.logLevel)) must be one of \(names), not '\(levelText)'")
            }
            logLevel = level
        }
    }

    /// How an error names a setting: its flag and its environment variable.
    private static func names(_ setting: ServerSetting) -> String { "\(setting.flag) (\(setting.variable))" }

    private static func text(_ reader: ConfigReader, _ setting: ServerSetting) throws -> String? {
        guard let text = reader.string(forKey: setting.key, isSecret: setting == .postgresUrl) else { return nil }
        guard !text.isEmpty else { throw Invalid(description: "\(names(setting)) is empty") }
        return text
    }

    private static func integer(_ reader: ConfigReader, _ setting: ServerSetting, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text = reader.string(forKey: setting.key) ?? reader.int(forKey: setting.key).map(String.init) else {
            return nil
        }
        guard let value = Int(text), range.contains(value) else {
            throw Invalid(description: "\(names(setting)) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }
}
