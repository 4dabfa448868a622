import ArgumentParser
import BatonClient
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `baton failover GROUP [--to SESSION] [--at TIME] [--reason TEXT] [--wait] [--yes] [--hcx]`.
struct FailoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover",
        abstract: "Start a planned failover (a task); with --wait follow it to SUCCESS or FAILED.",
        discussion: """
            Asks for confirmation on the terminal unless --yes. Exit status: 0 when the task was accepted \
            (with --wait: when it ended SUCCESS), 3 when it ended FAILED or CANCELED, 1 when the server \
            refused it (its Reason is printed). --wait follows the task from the group's event stream (an HA \
            group's: Baton's HCX stream), reading it again at each event; no polling.
            """)

    @Argument(help: "The group.")
    var group: String

    @Option(help: ArgumentHelp("The session to make Primary; left out, Baton picks the best live standby.", valueName: "session"))
    var to: String?

    @Option(help: ArgumentHelp("When to start: an RFC 3339 time (2030-01-01T02:00:00Z) or +DURATION from now (+90s, +10m, +2h).", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("Why (kept on the task and in the history).", valueName: "text"))
    var reason: String?

    @Flag(help: "Follow the task step by step until it ends; exit 0 on SUCCESS, 3 on FAILED or CANCELED.")
    var wait = false

    @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation.")
    var yes = false

    @Flag(help: "Force failover of an HCX HA group (no --to, --at or --reason: the HCX API takes none).")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if hcx && (to != nil || at != nil || reason != nil) {
            throw ValidationError("--hcx takes no --to, --at or --reason: HCX's forceFailover picks the best STANDBY, now")
        }
        if let at { _ = try Self.time(at) }
    }

    /// `--at`: RFC 3339, or `+` and a duration from now.
    static func time(_ text: String, now: Date = Date()) throws -> Date {
        if text.hasPrefix("+") {
            let amount = text.dropFirst()
            let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
            if let unit = amount.last, let factor = units[unit], let value = Double(amount.dropLast()), value >= 0 {
                return now.addingTimeInterval(value * factor)
            }
        } else if let date = WireTime.parse(text) {
            return date
        }
        throw ValidationError("--at '\(text)' is neither an RFC 3339 time (2030-01-01T02:00:00Z) nor +DURATION (+90s, +10m, +2h, +1d)")
    }

    func run() async throws {
        let scheduled = try at.map { try Self.time($0) }
        try await connection.withClient { client in
            if hcx {
                try await runHCX(client)
                return
            }
            if !yes {
                let status = try await client.status(of: group)
                try confirm("Fail over group '\(group)' (Primary \(status.primary ?? "none"), epoch \(status.epoch)) to "
                    + (to ?? "the best live standby") + (scheduled.map { " at \(Output.time($0))" } ?? "") + "?")
            }
            let task = try await client.requestFailover(
                of: group, FailoverRequest(targetSessionID: to, scheduledTime: scheduled, reason: reason))
            guard wait else {
                if output.isJSON { return try Output.json(task) }
                print("Task \(task.id): \(task.status.rawValue) (\(task.progress)%)"
                    + (task.targetSessionID.map { ", target \($0)" } ?? "") + ". Follow it with: baton tasks \(task.id)")
                return
            }
            var printed = Set<String>()
            var last = task
            if !output.isJSON { print("Task \(task.id) for group \(group):") }
            for try await update in try await client.followFailoverTask(task.id, of: group) {
                last = update
                guard !output.isJSON else { continue }
                for step in update.steps where printed.insert("\(step.title)|\(step.status.rawValue)").inserted {
                    print("  \(step.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(step.title)"
                        + (step.message.map { ": \($0)" } ?? ""))
                }
                fflush(nil)
            }
            try finish(status: last.status, message: last.message, json: last)
        }
    }

    private func runHCX(_ client: BatonClient) async throws {
        if !yes {
            let group = try await client.haGroup(self.group)
            let active = group.groupMembers.first { $0.role == .active }?.applianceId ?? "none"
            try confirm("Force failover of HA group '\(self.group)' (ACTIVE \(active), epoch \(group.epoch.map { "\($0)" } ?? "-")) to the best STANDBY?")
        }
        let action = try await client.forceFailover(ofHAGroup: group)
        let id = action.data.interconnectTaskId
        guard wait else {
            if output.isJSON { return try Output.json(try await client.task(id)) }
            print("Task \(id) started. Follow it with: baton tasks \(id)")
            return
        }
        var printed = Set<String>()
        var last: HCXTask?
        if !output.isJSON { print("Task \(id) for HA group \(group):") }
        for try await update in try await client.followHAGroupTask(id, of: group) {
            last = update
            guard !output.isJSON else { continue }
            for step in update.steps where printed.insert("\(step.title)|\(step.status)").inserted {
                print("  \(step.status.padding(toLength: 8, withPad: " ", startingAt: 0)) \(step.title)" + (step.message.map { ": \($0)" } ?? ""))
            }
            fflush(nil)
        }
        guard let last else { throw CommandFailure("the task \(id) could not be read") }
        try finish(status: last.status, message: last.message, json: last)
    }

    private func finish(status: FailoverTask.Status, message: String?, json: some Encodable) throws {
        if output.isJSON {
            try Output.json(json)
        } else {
            print("\(status.rawValue)" + (message.map { ": \($0)" } ?? ""))
        }
        if status != .success { throw ExitCode(3) }
    }

    private func confirm(_ question: String) throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure("not failing over without confirmation: standard input is not a terminal; add --yes")
        }
        FileHandle.standardError.write(Data((question + " [y/N] ").utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw CommandFailure("not confirmed; nothing was changed")
        }
    }
}
