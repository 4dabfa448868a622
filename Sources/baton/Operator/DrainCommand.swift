import ArgumentParser
import BatonClient

/// `baton drain GROUP SESSION [--for DURATION] [--hcx]`: a Secondary (HCX: STANDBY) override.
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

    @Flag(help: "An HCX HA group (SESSION is an appliance) instead of a Client Failover group.")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { _ = try OverridePeriod.parse(period) }

    func run() async throws {
        if hcx {
            let answer = try await connection.withClient {
                try await $0.setRoleOverride(.secondary, forAppliance: session, inHAGroup: group, period: try OverridePeriod.parse(period))
            }
            return try OverridePeriod.report(answer, appliance: session, group: group, output: output)
        }
        let answer = try await connection.withClient {
            try await $0.drain(session, in: group, period: try OverridePeriod.parse(period))
        }
        try OverridePeriod.report(answer, session: session, group: group, output: output)
    }
}
