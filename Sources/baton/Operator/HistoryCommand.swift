import ArgumentParser
import BatonClient
import Foundation

/// `baton history GROUP [--follow] [--limit N] [--hcx]`: who, why, from, to, epoch.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a group's history (who, why, from, to, epoch); --follow keeps printing new events from the event stream.",
        discussion: """
            With -o json each event is one JSON object per line (also while following). While following, \
            a stream the server ends (a restart) is resumed after the last event shown, without a gap. --hcx reads the \
            HCX timeline of an HA group (its service mesh's timeline, that group only); HA groups have no \
            event stream, so --follow is for Client Failover groups.
            """)

    @Argument(help: "The group.")
    var group: String

    @Flag(help: "After the history, print each new event as it is committed (until Ctrl-C).")
    var follow = false

    @Option(help: "How many of the latest events to show first, 0–1000.")
    var limit: Int = 50

    @Flag(help: "An HCX HA group's timeline instead of a Client Failover group's history.")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...1000).contains(limit) else { throw ValidationError("--limit must be from 0 to 1000") }
        if hcx && follow { throw ValidationError("--follow needs an event stream, and HA groups have none; run without --follow") }
    }

    static let header = ["SEQ", "TIME", "EVENT", "FROM", "TO", "EPOCH", "WHY", "WHO", "DETAIL"]

    static func row(_ event: GroupEvent) -> [String] {
        ["\(event.sequence)", Output.time(event.time), event.type, Output.text(event.from), Output.text(event.to),
         "\(event.epoch)", event.reason, Output.text(event.principal), Output.text(event.detail)]
    }

    func run() async throws {
        if hcx { return try await runHCX() }
        try await connection.withClient { client in
            // Opened before the history is read, so nothing committed in between is lost.
            let stream: AsyncThrowingStream<GroupEvent, any Error>? = if follow { try await client.eventStream(of: group) } else { nil }
            let events: [GroupEvent] = if limit == 0 { [] } else { try await client.recentEvents(of: group, count: limit) }
            if output.isJSON {
                for event in events { try Output.jsonLine(event) }
            } else if follow {
                // Fixed widths, so the lines that come later stay in the columns.
                print(Self.followed(Self.header))
                for event in events { print(Self.followed(Self.row(event))) }
            } else {
                print(Output.table(Self.header, events.map(Self.row)))
            }
            fflush(nil)
            guard var stream else { return }
            var shown = events.last?.sequence ?? 0
            while true {
                do {
                    for try await event in stream where event.sequence > shown {
                        if output.isJSON { try Output.jsonLine(event) } else { print(Self.followed(Self.row(event))) }
                        fflush(nil)
                        shown = event.sequence
                    }
                    return
                } catch BatonClientError.streamClosed(let reason) {
                    printError("The stream ended (\(reason)); resuming after event \(shown).")
                } catch BatonClientError.transport(let problem) {
                    printError("Lost the server (\(problem)); resuming after event \(shown).")
                }
                // A group's stream resumes without a gap or a repeat from the last sequence seen,
                // on any instance (docs/push.md); wait for the server to be back.
                while true {
                    try await Task.sleep(for: .seconds(1))
                    do {
                        stream = try await client.eventStream(of: group, after: shown)
                        break
                    } catch BatonClientError.transport {
                        continue
                    }
                }
            }
        }
    }

    static let followedWidths = [5, 20, 18, 10, 10, 5, 18, 16]

    /// One line in fixed columns (a longer cell pushes the rest of its line right).
    static func followed(_ row: [String]) -> String {
        row.enumerated().map { column, text in
            column < followedWidths.count ? text.padding(toLength: max(text.count, followedWidths[column]), withPad: " ", startingAt: 0) : text
        }.joined(separator: " ")
    }

    private func runHCX() async throws {
        let events = try await connection.withClient { client in
            let group = try await client.haGroup(self.group)
            guard let mesh = group.serviceMeshId else {
                throw CommandFailure("HA group '\(self.group)' is in no service mesh, and HCX keeps timelines per service mesh")
            }
            return try await client.haGroupTimeline(serviceMeshID: mesh, groupIDs: [self.group])
        }
        let shown = Array(events.suffix(limit))
        if output.isJSON { return try shown.forEach { try Output.jsonLine($0) } }
        print(Output.table(
            ["TIME", "EVENT", "ACTIVE", "STANDBY", "UNDECIDED", "EPOCH", "WHO", "MESSAGE"],
            shown.map { event in
                let roles = event.applianceRoles
                return [Output.time(event.timestamp), event.eventCode,
                        roles.map { $0.active.joined(separator: ",") }.flatMap { $0.isEmpty ? nil : $0 } ?? "-",
                        roles.map { $0.standby.joined(separator: ",") }.flatMap { $0.isEmpty ? nil : $0 } ?? "-",
                        roles.map { $0.undecided.joined(separator: ",") }.flatMap { $0.isEmpty ? nil : $0 } ?? "-",
                        "\(event.epoch)", Output.text(event.principal), Output.text(event.eventMessage)]
            }))
    }
}
