import ArgumentParser
import BatonClient
import Foundation

/// `baton groups [--hcx]`: every group with its Primary, epoch, health.
struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "List the groups: Primary, epoch, PendingPrimary, live/total members, timeout, paused, health.")

    @Flag(help: "The HCX HA groups instead of the Client Failover groups.")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        if hcx { return try await runHCX() }
        let summaries = try await connection.withClient { client in
            var summaries: [GroupSummary] = []
            for group in try await client.allGroups() {
                summaries.append(try await GroupSummary.read(group, with: client))
            }
            return summaries
        }
        if output.isJSON { return try Output.json(summaries) }
        guard !summaries.isEmpty else { return print("No groups.") }
        print(Output.table(
            ["GROUP", "PRIMARY", "EPOCH", "PENDING", "LIVE/TOTAL", "TIMEOUT", "PAUSED", "HEALTH"],
            summaries.map { summary in
                [summary.group.id, Output.text(summary.status.primary), "\(summary.status.epoch)",
                 Output.text(summary.status.pendingPrimary), "\(summary.live)/\(summary.sessions.count)",
                 Output.timeSpan(summary.group.failoverTimeout), summary.status.paused ? "yes" : "no", summary.health]
            }))
    }

    private func runHCX() async throws {
        let groups = try await connection.withClient { try await $0.haGroups() }
        if output.isJSON { return try Output.json(groups) }
        guard !groups.isEmpty else { return print("No HA groups.") }
        print(Output.table(
            ["GROUP", "ACTIVE", "EPOCH", "UNDECIDED", "MEMBERS", "TIMEOUT", "POLICY", "STATE"],
            groups.map { group in
                let active = group.groupMembers.filter { $0.role == .active }.map(\.applianceId)
                let undecided = group.groupMembers.filter { $0.role == .undecided }.map(\.applianceId)
                return [group.groupId, active.isEmpty ? "-" : active.joined(separator: ","), group.epoch.map { "\($0)" } ?? "-",
                        undecided.isEmpty ? "-" : undecided.joined(separator: ","), "\(group.groupMembers.count)",
                        Output.timeSpan(group.failoverTimeout), group.policyInfo?.policy ?? "-", group.status.groupState]
            }))
    }
}
