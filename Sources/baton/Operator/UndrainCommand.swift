import ArgumentParser
import BatonClient

/// `baton undrain GROUP SESSION [--hcx]`: clears the override.
struct UndrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undrain", abstract: "End a drain (clears the session's role override).")

    @Argument(help: "The group.")
    var group: String

    @Argument(help: "The session.")
    var session: String

    @Flag(help: "An HCX HA group (SESSION is an appliance) instead of a Client Failover group.")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        if hcx {
            let answer = try await connection.withClient { try await $0.setRoleOverride(.off, forAppliance: session, inHAGroup: group) }
            return try OverridePeriod.report(answer, appliance: session, group: group, output: output)
        }
        let answer = try await connection.withClient { try await $0.undrain(session, in: group) }
        try OverridePeriod.report(answer, session: session, group: group, output: output)
    }
}
