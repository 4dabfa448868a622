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

/// `baton watch`: a live table of every readable group, redrawn at each event of the
/// namespace stream (no polling).
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "A live table of the groups (Primary, epoch, PendingPrimary, paused, last event), redrawn from the event stream.",
        discussion: """
            Opens the namespace's event stream: its snapshot fills the table, and each event redraws the \
            row of its group (its status is read again at that moment). Nothing is polled. When the server \
            ends the stream or goes away (a restart) it reconnects and refills the table from a new \
            snapshot. Ctrl-C stops. On a \
            terminal the screen is cleared before each redraw; otherwise each table follows the last.
            """)

    @OptionGroup var connection: ConnectionOptions

    struct Row {
        var primary: String?
        var pending: String?
        var epoch: Int
        var paused: Bool
        var lastEvent: String
    }

    func run() async throws {
        let terminal = isatty(STDOUT_FILENO) == 1
        let server = connection.resolvedServer
        try await connection.withClient { client in
            var rows: [String: Row] = [:]
            while true {
                do {
                    for try await message in try await client.namespaceEventStream() {
                        switch message {
                        case .snapshot(let groups):
                            rows = [:]
                            for group in groups {
                                rows[group.groupID] = Row(primary: group.primary, pending: group.pendingPrimary, epoch: group.epoch,
                                                          paused: group.paused, lastEvent: "-")
                            }
                        case .event(let event):
                            guard let id = event.groupID else { continue }
                            let lastEvent = "\(event.type) \(Output.time(event.time))"
                            if event.type == "GroupDeleted" {
                                rows[id] = nil
                            } else if let status = try? await client.status(of: id) {
                                rows[id] = Row(primary: status.primary, pending: status.pendingPrimary, epoch: status.epoch,
                                               paused: status.paused, lastEvent: lastEvent)
                            } else {
                                rows[id]?.lastEvent = lastEvent
                            }
                        }
                        draw(rows, server: server, terminal: terminal)
                    }
                } catch BatonClientError.streamClosed(let reason) {
                    printError("The stream ended (\(reason)); reconnecting.")
                    try await Task.sleep(for: .seconds(1))
                } catch BatonClientError.transport(let problem) where !rows.isEmpty {
                    // The server went away after the table was shown (a restart): wait for it.
                    // Before anything was shown it is an error, as for every other command.
                    printError("Lost the server (\(problem)); reconnecting.")
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    private func draw(_ rows: [String: Row], server: String, terminal: Bool) {
        var screen = terminal ? "\u{1B}[H\u{1B}[2J" : ""
        screen += "baton watch  \(server)  \(Output.time(Date()))  (Ctrl-C to stop)\n\n"
        if rows.isEmpty {
            screen += "No groups.\n"
        } else {
            screen += Output.table(
                ["GROUP", "PRIMARY", "EPOCH", "PENDING", "PAUSED", "LAST EVENT"],
                rows.keys.sorted().map { id in
                    let row = rows[id]!
                    return [id, Output.text(row.primary), "\(row.epoch)", Output.text(row.pending), row.paused ? "yes" : "no", row.lastEvent]
                }) + "\n"
        }
        if !terminal { screen += "\n" }
        FileHandle.standardOutput.write(Data(screen.utf8))
    }
}
