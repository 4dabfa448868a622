import ArgumentParser
import BatonServer
import Configuration
import Hummingbird
import Logging

/// `baton serve`: runs the coordinator until SIGTERM or SIGINT, then shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Baton coordinator (embedded SQLite store with no configuration; --postgres-url for several instances).")

    @Option(help: "Address to bind (env BATON_HOST). Default \(ServerSettings.defaultHost).")
    var host: String?

    @Option(help: "Port to listen on (env BATON_PORT). Default \(ServerSettings.defaultPort).")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "Directory of the embedded store (env BATON_DATA_DIR). Default \(ServerSettings.defaultDataDirectory).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env BATON_LOG_LEVEL). Default info.")
    var logLevel: String?

    @Option(help: "required or disabled (env BATON_AUTH). Default disabled, allowed only on a loopback address.")
    var auth: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain; with --tls-key serves HTTPS (env BATON_TLS_CERT).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert (env BATON_TLS_KEY).")
    var tlsKey: String?

    @Option(name: .customLong("token-lifetime"), help: "Seconds an issued token is valid, 60…86400 (env BATON_TOKEN_LIFETIME). Default 3600.")
    var tokenLifetime: Int?

    @Option(name: .customLong("heartbeat-rate"), help: "Heartbeats per second per session, 0 = no limit (env BATON_HEARTBEAT_RATE). Default 20.")
    var heartbeatRate: Int?

    @Option(name: .customLong("request-rate"), help: "Requests per second per principal, 0 = no limit (env BATON_REQUEST_RATE). Default 1000.")
    var requestRate: Int?

    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt cost of stored secrets, 4…31 (env BATON_BCRYPT_COST). Default 12.")
    var bcryptCost: Int?

    @Option(name: .customLong("postgres-url"), help: "postgres://user:password@host:port/database — run on a PostgreSQL database that several instances share (env BATON_POSTGRES_URL). Default: the embedded SQLite store in --data-dir.")
    var postgresURL: String?

    @Option(name: .customLong("poll-interval"), help: "On PostgreSQL: milliseconds between looks for groups whose deadline has come, 5…10000 (env BATON_POLL_INTERVAL). Default 50.")
    var pollInterval: Int?

    func run() async throws {
        var flags: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { flags["baton.host"] = .init(stringLiteral: host) }
        if let port { flags["baton.port"] = .init(stringLiteral: String(port)) }
        if let dataDirectory { flags["baton.dataDir"] = .init(stringLiteral: dataDirectory) }
        if let logLevel { flags["baton.logLevel"] = .init(stringLiteral: logLevel) }
        if let auth { flags["baton.auth"] = .init(stringLiteral: auth) }
        if let tlsCertificate { flags["baton.tlsCert"] = .init(stringLiteral: tlsCertificate) }
        if let tlsKey { flags["baton.tlsKey"] = .init(stringLiteral: tlsKey) }
        if let tokenLifetime { flags["baton.tokenLifetime"] = .init(stringLiteral: String(tokenLifetime)) }
        if let heartbeatRate { flags["baton.heartbeatRate"] = .init(stringLiteral: String(heartbeatRate)) }
        if let requestRate { flags["baton.requestRate"] = .init(stringLiteral: String(requestRate)) }
        if let bcryptCost { flags["baton.bcryptCost"] = .init(stringLiteral: String(bcryptCost)) }
        if let postgresURL { flags["baton.postgresUrl"] = .init(stringLiteral: postgresURL) }
        if let pollInterval { flags["baton.pollInterval"] = .init(stringLiteral: String(pollInterval)) }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: flags),
            EnvironmentVariablesProvider(),
        ])
        let settings: ServerSettings
        do {
            settings = try ServerSettings(reader: reader)
        } catch {
            throw ValidationError("\(error)")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = settings.logLevel
            return handler
        }
        let (application, _) = try await buildApplication(settings: settings)
        try await application.runService()
    }
}
