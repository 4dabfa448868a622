import ArgumentParser
import BatonClient

/// `baton undrain GROUP SESSION`: clears the override.
struct UndrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undrain", abstract: "End a drain (clears the session's role override).")

    @Argument(help: "The group.")
    var group: String

    @Argument(help: "The session.")
    var session: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let answer = try await connection.withClient { try await $0.undrain(session, in: group) }
        try OverridePeriod.report(answer, session: session, group: group, output: output)
    }
}
