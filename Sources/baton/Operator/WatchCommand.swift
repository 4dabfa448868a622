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
            snapshot. With --hcx it watches the HA groups of the principal's tenant (ACTIVE, epoch, UNDECIDED, \
            paused, state) from their stream the same way. Ctrl-C stops. On a \
            terminal the screen is cleared before each redraw; otherwise each table follows the last.
            """)

    @Flag(help: "The tenant's HCX HA groups instead of the Client Failover groups.")
    var hcx = false

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
        if hcx { return try await runHCX(server: server, terminal: terminal) }
        try await connection.withClient { client in
            var rows: [String: Row] = [:]
            try await reconnecting(afterShowing: { !rows.isEmpty }) {
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
            }
        }
    }

    /// `--hcx`: the HA groups' stream; each event redraws its group's row from the group as it
    /// is read again at that moment.
    private func runHCX(server: String, terminal: Bool) async throws {
        try await connection.withClient { client in
            var rows: [String: Row] = [:]
            var states: [String: String] = [:]
            func keep(_ group: HCXHAGroup, lastEvent: String) {
                rows[group.groupId] = Row(primary: group.active,
                                          pending: group.groupMembers.first { $0.role == .undecided }?.applianceId,
                                          epoch: group.epoch ?? 0, paused: group.pause != nil, lastEvent: lastEvent)
                states[group.groupId] = group.status.groupState
            }
            try await reconnecting(afterShowing: { !rows.isEmpty }) {
                for try await message in try await client.haEventStream() {
                    switch message {
                    case .snapshot(let groups):
                        rows = [:]
                        states = [:]
                        for group in groups { keep(group, lastEvent: "-") }
                    case .event(let event):
                        let id = event.haGroupId
                        let lastEvent = "\(event.eventCode) \(Output.time(event.timestamp))"
                        do {
                            keep(try await client.haGroup(id), lastEvent: lastEvent)
                        } catch let error as BatonAPIError where error.status == 404 {
                            rows[id] = nil  // deleted
                            states[id] = nil
                        } catch {
                            rows[id]?.lastEvent = lastEvent
                        }
                    }
                    draw(rows, server: server, terminal: terminal, states: states)
                }
            }
        }
    }

    /// Runs `follow` (one stream, to its end) again and again: after the stream ended, and
    /// after the server went away once the table was shown (a restart: wait for it). Before
    /// anything was shown, a server that cannot be reached is an error, as for every other
    /// command.
    private func reconnecting(afterShowing shown: () -> Bool, _ follow: () async throws -> Void) async throws {
        while true {
            do {
                try await follow()
            } catch BatonClientError.streamClosed(let reason) {
                printError("The stream ended (\(reason)); reconnecting.")
                try await Task.sleep(for: .seconds(1))
            } catch BatonClientError.transport(let problem) where shown() {
                printError("Lost the server (\(problem)); reconnecting.")
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func draw(_ rows: [String: Row], server: String, terminal: Bool, states: [String: String]? = nil) {
        var screen = terminal ? "\u{1B}[H\u{1B}[2J" : ""
        screen += "baton watch  \(server)  \(Output.time(Date()))  (Ctrl-C to stop)\n\n"
        if rows.isEmpty {
            screen += states == nil ? "No groups.\n" : "No HA groups.\n"
        } else if let states {
            screen += Output.table(
                ["HA GROUP", "ACTIVE", "EPOCH", "UNDECIDED", "PAUSED", "STATE", "LAST EVENT"],
                rows.keys.sorted().map { id in
                    let row = rows[id]!
                    return [id, Output.text(row.primary), "\(row.epoch)", Output.text(row.pending), row.paused ? "yes" : "no",
                            states[id] ?? "-", row.lastEvent]
                }) + "\n"
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
