import ArgumentParser
import BatonServer
import Configuration
import Hummingbird
import Logging

/// `baton serve`: runs the coordinator until SIGTERM or SIGINT, then shuts down gracefully.
/// Its options are the settings declared in `ServerSetting`, read here as flags and
/// otherwise from the environment.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Baton coordinator (embedded SQLite store with no configuration; --postgres-url for several instances).",
        discussion: "Options (each also read from its environment variable; a flag wins):\n\n" + ServerSetting.helpText)

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var options: [String] = []

    func run() async throws {
        let settings: ServerSettings
        do {
            let reader = ConfigReader(providers: [
                InMemoryProvider(name: "command line", values: try ServerSetting.commandLineValues(options)),
                EnvironmentVariablesProvider(),
            ])
            settings = try ServerSettings(reader: reader)
        } catch {
            throw ValidationError("\(error)")
        }
        LoggingSystem.bootstrap { label in
            var handler = DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = settings.logLevel
            return handler
        }
        let (application, _) = try await buildApplication(settings: settings)
        try await application.runService()
    }
}
