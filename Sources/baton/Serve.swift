import ArgumentParser
import BatonServer
import Configuration
import Hummingbird
import Logging

/// `baton serve`: runs the coordinator until SIGTERM or SIGINT, then shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Baton coordinator (embedded SQLite store, no configuration needed).")

    @Option(help: "Address to bind (env BATON_HOST). Default \(ServerSettings.defaultHost).")
    var host: String?

    @Option(help: "Port to listen on (env BATON_PORT). Default \(ServerSettings.defaultPort).")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "Directory of the embedded store (env BATON_DATA_DIR). Default \(ServerSettings.defaultDataDirectory).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env BATON_LOG_LEVEL). Default info.")
    var logLevel: String?

    func run() async throws {
        var flags: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { flags["baton.host"] = .init(stringLiteral: host) }
        if let port { flags["baton.port"] = .init(stringLiteral: String(port)) }
        if let dataDirectory { flags["baton.dataDir"] = .init(stringLiteral: dataDirectory) }
        if let logLevel { flags["baton.logLevel"] = .init(stringLiteral: logLevel) }
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
