import ArgumentParser
import BatonClient

/// `baton pause GROUP [--reason TEXT] [--hcx]`.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause automatic role moves of a group (no election, no preemption); overrides, drains and failovers still work.")

    @Argument(help: "The group.")
    var group: String

    @Option(help: ArgumentHelp("Why (kept in the history).", valueName: "text"))
    var reason: String?

    @Flag(help: "An HCX HA group instead of a Client Failover group.")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        if hcx {
            let group = try await connection.withClient { try await $0.pauseHAGroup(self.group, reason: reason) }
            if output.isJSON { return try Output.json(group) }
            return print("HA group \(group.groupId) is paused (ACTIVE \(Output.text(group.active)), epoch \(group.epoch.map { "\($0)" } ?? "-")).")
        }
        let status = try await connection.withClient { try await $0.pause(group, reason: reason) }
        if output.isJSON { return try Output.json(status) }
        print("Group \(group) is paused (Primary \(Output.text(status.primary)), epoch \(status.epoch)).")
    }
}
