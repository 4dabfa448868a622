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
            let groups = try await client.allGroups()
            // Eight groups at a time: one round trip per eight, not per group.
            return try await withThrowingTaskGroup(of: (Int, GroupSummary).self) { tasks in
                var summaries = [GroupSummary?](repeating: nil, count: groups.count)
                for (index, group) in groups.enumerated() {
                    if index >= 8, let (done, summary) = try await tasks.next() { summaries[done] = summary }
                    tasks.addTask { (index, try await GroupSummary.read(group, with: client)) }
                }
                for try await (done, summary) in tasks { summaries[done] = summary }
                return summaries.compactMap { $0 }
            }
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
