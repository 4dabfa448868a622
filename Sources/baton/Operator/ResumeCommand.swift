import ArgumentParser
import BatonClient

/// `baton resume GROUP [--reason TEXT] [--hcx]`.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume automatic role moves of a paused group (an election follows when nobody holds the role).")

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
            let group = try await connection.withClient { try await $0.resumeHAGroup(self.group, reason: reason) }
            if output.isJSON { return try Output.json(group) }
            return print("HA group \(group.groupId) is running (ACTIVE \(Output.text(group.active)), epoch \(group.epoch.map { "\($0)" } ?? "-")).")
        }
        let status = try await connection.withClient { try await $0.resume(group, reason: reason) }
        if output.isJSON { return try Output.json(status) }
        print("Group \(group) is running (Primary \(Output.text(status.primary)), epoch \(status.epoch)).")
    }
}
