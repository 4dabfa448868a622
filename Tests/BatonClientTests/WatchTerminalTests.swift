import BatonClient
import BatonTestSupport
import Foundation
import Testing

/// The commands that behave differently on a terminal, in a real one: tmux runs them in a
/// detached session and `capture-pane` reads the screen. scripts/cli-terminal.sh installs tmux
/// for the test command; elsewhere these tests are skipped when tmux is missing, unless `CI`
/// is set (then they must run).
@Suite(.enabled(if: Terminal.available, "tmux is not installed (scripts/cli-terminal.sh installs it)"))
struct WatchTerminalTests {
    @Test func watchRedrawsTheTableFromTheStreamWhenTheRoleMoves() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("line-1", sessions: ["a", "b"])
                let members = Members(client, group: "line-1", sessions: ["a", "b"])
                try await eventually("a is Primary") { try await client.status(of: "line-1").primary == "a" }

                let terminal = try await Terminal("env BATON_SERVER=\(server.url) '\(LiveServer.executable)' watch")
                /// The row of `line-1` on the screen, split into its columns.
                func row() async throws -> [String] {
                    let line = try await terminal.screen.split(separator: "\n").first { $0.hasPrefix("line-1 ") }
                    return line.map { $0.split(separator: " ").map(String.init) } ?? []
                }
                do {
                    try await terminal.use {
                        try await eventually("the table shows a as Primary with epoch 1") {
                            try await row().prefix(3) == ["line-1", "a", "1"]
                        }
                        #expect(try await terminal.screen.contains("GROUP"))

                        // Drain a: the role moves to b at a's next heartbeat, with epoch 2.
                        try await client.drain("a", in: "line-1")
                        try await eventually("the table shows b as Primary with epoch 2") {
                            try await row().prefix(3) == ["line-1", "b", "2"]
                        }
                        // The event's line can come in a redraw of its own, after the row's.
                        try await eventually("the event log shows PrimaryChanged") {
                            try await terminal.screen.contains("PrimaryChanged")
                        }
                        // Redrawn in place: one header on the screen, not a scroll of tables.
                        #expect(try await terminal.screen.components(separatedBy: "GROUP").count == 2)
                    }
                } catch {
                    await members.stop()
                    throw error
                }
                await members.stop()
            }
        }
    }

    @Test func failoverAsksOnTheTerminalAndOnlyYesMovesTheRole() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("line-1", sessions: ["a", "b"])
                let members = Members(client, group: "line-1", sessions: ["a", "b"])
                try await eventually("a is Primary") { try await client.status(of: "line-1").primary == "a" }

                let command = "env BATON_SERVER=\(server.url) '\(LiveServer.executable)' failover line-1 --to b --wait"
                let terminal = try await Terminal("\(command); echo EXIT=$?; \(command); echo EXIT=$?; sleep 60")
                do {
                    try await terminal.use {
                        try await eventually("the question is asked") {
                            try await terminal.screen.contains("Fail over group 'line-1' (Primary a, epoch 1) to b? [y/N]")
                        }
                        try await terminal.type("n", "Enter")
                        try await eventually("the refusal ends the first command") { try await terminal.screen.contains("EXIT=1") }
                        #expect(try await terminal.screen.contains("not confirmed"))
                        #expect(try await client.status(of: "line-1").primary == "a")

                        try await eventually("the question is asked again") {
                            try await terminal.screen.components(separatedBy: "[y/N]").count == 3
                        }
                        try await terminal.type("y", "Enter")
                        try await eventually("the failover ends") { try await terminal.screen.contains("EXIT=0") }
                        #expect(try await terminal.screen.contains("SUCCESS: b is Primary with epoch 2."))
                    }
                } catch {
                    await members.stop()
                    throw error
                }
                await members.stop()
                #expect(try await client.status(of: "line-1").primary == "b")
            }
        }
    }

    @Test func aUserWithoutAPasswordInTheEnvironmentIsAskedOnTheTerminal() async throws {
        try await LiveServer.with(arguments: ["--auth", "required"], prepare: { directory in
            let user = try await TestProcess.run(
                LiveServer.executable,
                ["users", "add", "--username", "ops", "--role", "reader", "--password-stdin", "--data-dir", directory.path,
                 "--bcrypt-cost", "4"],
                input: "correct horse battery\n")
            #expect(user.status == 0, "\(user.all)")
        }) { server in
            let terminal = try await Terminal(
                "env -u BATON_PASSWORD BATON_SERVER=\(server.url) '\(LiveServer.executable)' groups --user ops; echo EXIT=$?; sleep 60")
            try await terminal.use {
                try await eventually("the password is asked for") { try await terminal.screen.contains("Password for ops:") }
                try await terminal.type("correct horse battery", "Enter")
                try await eventually("the command ends") { try await terminal.screen.contains("EXIT=") }
                let screen = try await terminal.screen
                #expect(screen.contains("No groups."), "\(screen)")
                #expect(screen.contains("EXIT=0"), "\(screen)")
                // Typed without echo.
                #expect(!screen.contains("correct horse"), "\(screen)")
            }
        }
    }
}
