import ArgumentParser
import BatonClient

/// `baton drain GROUP SESSION [--for DURATION]`: a Secondary override.
struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Drain a session: never eligible while drained; a drained Primary hands over.")

    @Argument(help: "The group.")
    var group: String

    @Argument(help: "The session.")
    var session: String

    @Option(name: .customLong("for"), help: ArgumentHelp("How long (90s, 10m, 8h, 2d); left out, until undrained.", valueName: "duration"))
    var period: String?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { _ = try OverridePeriod.parse(period) }

    func run() async throws {
        let answer = try await connection.withClient {
            try await $0.drain(session, in: group, period: try OverridePeriod.parse(period))
        }
        try OverridePeriod.report(answer, session: session, group: group, output: output)
    }
}
