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
            a stream the server ends (a restart) is resumed after the last event shown, without a gap. --hcx reads an \
            HCX HA group's history (as timeline events: who is ACTIVE, STANDBY, UNDECIDED after each), and \
            --follow its event stream, the same way.
            """)

    @Argument(help: "The group.")
    var group: String

    @Flag(help: "After the history, print each new event as it is committed (until Ctrl-C).")
    var follow = false

    @Option(help: "How many of the latest events to show first, 0–1000.")
    var limit: Int = 50

    @Flag(help: "An HCX HA group's history instead of a Client Failover group's.")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...1000).contains(limit) else { throw ValidationError("--limit must be from 0 to 1000") }
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
            try await show(events, stream: stream, header: Self.header, row: Self.row, sequence: \.sequence) {
                try await client.eventStream(of: group, after: $0)
            }
        }
    }

    /// Prints `events` (as a table, fixed columns while following, or JSON lines), then, with a
    /// stream, each later event as it comes, resuming after the last one shown when the stream
    /// ends or the server goes away.
    private func show<Event: Encodable & Sendable>(
        _ events: [Event], stream: AsyncThrowingStream<Event, any Error>?, header: [String],
        row format: (Event) -> [String], sequence: (Event) -> Int,
        reopen: (Int) async throws -> AsyncThrowingStream<Event, any Error>
    ) async throws {
        if output.isJSON {
            for event in events { try Output.jsonLine(event) }
        } else if follow {
            // Fixed widths, so the lines that come later stay in the columns.
            print(Self.followed(header))
            for event in events { print(Self.followed(format(event))) }
        } else {
            print(Output.table(header, events.map(format)))
        }
        fflush(nil)
        guard var stream else { return }
        var shown = events.last.map(sequence) ?? 0
        while true {
            do {
                for try await event in stream where sequence(event) > shown {
                    if output.isJSON { try Output.jsonLine(event) } else { print(Self.followed(format(event))) }
                    fflush(nil)
                    shown = sequence(event)
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
                    stream = try await reopen(shown)
                    break
                } catch BatonClientError.transport {
                    continue
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

    static let hcxHeader = ["SEQ", "TIME", "EVENT", "ACTIVE", "STANDBY", "UNDECIDED", "EPOCH", "WHY", "WHO", "MESSAGE"]

    static func hcxRow(_ event: HCXTimelineEvent) -> [String] {
        let roles = event.applianceRoles
        func names(_ list: [String]?) -> String { list.flatMap { $0.isEmpty ? nil : $0.joined(separator: ",") } ?? "-" }
        return [event.sequence.map { "\($0)" } ?? "-", Output.time(event.timestamp), event.eventCode, names(roles?.active),
                names(roles?.standby), names(roles?.undecided), "\(event.epoch)", Output.text(event.reason),
                Output.text(event.principal), Output.text(event.eventMessage)]
    }

    /// An HA group's history (Baton's paged history of one HA group) and, with --follow, its
    /// event stream.
    private func runHCX() async throws {
        try await connection.withClient { client in
            let stream: AsyncThrowingStream<HCXTimelineEvent, any Error>? = if follow { try await client.haGroupEventStream(of: group) } else { nil }
            let events: [HCXTimelineEvent] = if limit == 0 { [] } else { try await client.recentHAGroupEvents(of: group, count: limit) }
            try await show(events, stream: stream, header: Self.hcxHeader, row: Self.hcxRow, sequence: { $0.sequence ?? 0 }) {
                try await client.haGroupEventStream(of: group, after: $0)
            }
        }
    }
}
