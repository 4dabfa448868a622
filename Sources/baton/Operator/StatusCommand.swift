import ArgumentParser
import BatonClient
import enum BatonCore.TimeSpan
import Foundation

/// `baton status GROUP [--hcx]`: each member with its role, score, heartbeat age, lease left,
/// override and drain.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a group's members: role, score, age of the last heartbeat, lease left, override, drain.",
        discussion: """
            The heartbeat age and the lease left are read from the time the coordinator received each \
            heartbeat (its wall clock) against this machine's clock: approximate when the two clocks differ.
            """)

    @Argument(help: "The group.")
    var group: String

    @Flag(help: "An HCX HA group instead of a Client Failover group.")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        if hcx { return try await runHCX() }
        let summary = try await connection.withClient { try await GroupSummary.read(group, with: $0) }
        if output.isJSON { return try Output.json(summary) }
        let status = summary.status
        var lines = ["Group \(group): Primary \(Output.text(status.primary)), epoch \(status.epoch)"
            + (status.pendingPrimary.map { ", PendingPrimary \($0)" } ?? "")
            + ", \(summary.live)/\(summary.sessions.count) live, timeout \(Output.timeSpan(summary.group.failoverTimeout)), \(summary.health)"]
        if let pause = status.pause {
            lines.append("Paused since \(Output.time(pause.since))" + (pause.by.map { " by \($0)" } ?? "")
                + (pause.reason.map { ": \($0)" } ?? ""))
        }
        print(lines.joined(separator: "\n"))
        guard !summary.sessions.isEmpty else { return print("No members.") }
        let now = Date()
        let timeout = summary.group.failoverTimeoutSeconds
        print(Output.table(
            ["SESSION", "ROLE", "SCORE", "LIVE", "LAST HEARTBEAT", "LEASE LEFT", "OVERRIDE", "DRAIN"],
            summary.sessions.map { session in
                let age = session.heartbeat.map { now.timeIntervalSince($0.receivedTime) }
                var lease = "-"
                if session.isLive, let age, let timeout {
                    lease = Output.duration(max(0, timeout - age))
                } else if session.heartbeatPosted {
                    lease = "expired"
                }
                var override = "-"
                if session.roleOverride == .primary {
                    override = "Primary" + (session.roleOverrideExpirationTime.map { " until \(Output.time($0))" } ?? "")
                }
                var drain = "-"
                if session.roleOverride == .secondary {
                    drain = "drained" + (session.roleOverrideExpirationTime.map { " until \(Output.time($0))" } ?? "")
                }
                return [session.id, session.role.description,
                        session.heartbeat.map { String(format: "%g", $0.failoverScore) } ?? "-",
                        session.isLive ? "yes" : "no", age.map { Output.duration(max(0, $0)) + " ago" } ?? "never",
                        lease, override, drain]
            }))
    }

    private func runHCX() async throws {
        let group = try await connection.withClient { try await $0.haGroup(self.group) }
        if output.isJSON { return try Output.json(group) }
        print("HA group \(group.groupId) (\(group.name ?? group.groupId)): \(group.status.groupState), epoch "
            + "\(group.epoch.map { "\($0)" } ?? "-"), timeout \(Output.timeSpan(group.failoverTimeout)), policy \(group.policyInfo?.policy ?? "-")"
            + (group.status.statusMessage.map { "\n\($0)" } ?? ""))
        if let pause = group.pause {
            print("Paused since \(Output.time(pause.since))" + (pause.by.map { " by \($0)" } ?? "") + (pause.reason.map { ": \($0)" } ?? ""))
        }
        let now = Date()
        let timeout = group.failoverTimeout.flatMap { try? TimeSpan.parse($0) }.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        print(Output.table(
            ["APPLIANCE", "ROLE", "SCORE", "LIVE", "LAST HEARTBEAT", "LEASE LEFT", "OVERRIDE", "NAME", "PEER"],
            group.groupMembers.map { member in
                let age = member.lastHeartbeatTime.map { now.timeIntervalSince($0) }
                var lease = "-"
                if member.live == true, let age, let timeout {
                    lease = Output.duration(max(0, timeout - age))
                } else if member.lastHeartbeatTime != nil {
                    lease = "expired"
                }
                var override = "-"
                if let value = member.roleOverride, value != "OFF" {
                    override = (value == "STANDBY" ? "drained" : value)
                        + (member.roleOverrideExpirationTime.map { " until \(Output.time($0))" } ?? "")
                }
                return [member.applianceId, member.role.rawValue, member.score.map { String(format: "%g", $0) } ?? "-",
                        member.live.map { $0 ? "yes" : "no" } ?? "-", age.map { Output.duration(max(0, $0)) + " ago" } ?? "never",
                        lease, override, Output.text(member.applianceName), Output.text(member.peerApplianceId)]
            }))
    }
}
