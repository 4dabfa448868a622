import BatonClient
import BatonTestSupport
import Foundation
import Testing

/// `baton watch` in a real terminal: tmux runs it in a detached session and `capture-pane`
/// reads the screen. scripts/cli-terminal.sh installs tmux for the test command; elsewhere
/// the test is skipped when tmux is missing, unless `CI` is set (then it must run).
@Suite struct WatchTerminalTests {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var mustRun: Bool { tmux != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    @Test(.enabled(if: WatchTerminalTests.mustRun, "tmux is not installed (scripts/cli-terminal.sh installs it)"))
    func watchRedrawsTheTableFromTheStreamWhenTheRoleMoves() async throws {
        let tmux = try #require(Self.tmux, "tmux is missing: run scripts/cli-terminal.sh")
        // A server of its own, so this test never meets a tmux session of anyone else's.
        let socket = "baton-watch-\(UUID().uuidString.prefix(8))"
        func tmuxRun(_ arguments: [String]) async throws -> TestProcess.Outcome {
            try await TestProcess.run(tmux, ["-L", socket] + arguments, environment: ["TMUX": nil])
        }
        func screen() async throws -> String { try await tmuxRun(["capture-pane", "-p", "-t", "watch"]).output }
        /// The row of `line-1` on the screen, split into its columns.
        func row() async throws -> [String] {
            let line = try await screen().split(separator: "\n").first { $0.hasPrefix("line-1 ") }
            return line.map { $0.split(separator: " ").map(String.init) } ?? []
        }

        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("line-1", sessions: ["a", "b"])
                let members = Members(client, group: "line-1", sessions: ["a", "b"])
                try await eventually("a is Primary") { try await client.status(of: "line-1").primary == "a" }

                let started = try await tmuxRun([
                    "new-session", "-d", "-s", "watch", "-x", "150", "-y", "30",
                    "env BATON_SERVER=\(server.url) TERM=xterm '\(LiveServer.executable)' watch",
                ])
                #expect(started.status == 0, "\(started.all)")
                do {
                    try await eventually("the table shows a as Primary with epoch 1") {
                        try await row().prefix(3) == ["line-1", "a", "1"]
                    }
                    #expect(try await screen().contains("GROUP"))

                    // Drain a: the role moves to b at a's next heartbeat, with epoch 2.
                    try await client.drain("a", in: "line-1")
                    try await eventually("the table shows b as Primary with epoch 2") {
                        try await row().prefix(3) == ["line-1", "b", "2"]
                    }
                    #expect(try await screen().contains("PrimaryChanged"))
                    // Redrawn in place: one header on the screen, not a scroll of tables.
                    #expect(try await screen().components(separatedBy: "GROUP").count == 2)
                } catch {
                    print("screen:\n" + ((try? await screen()) ?? "(none)"))
                    _ = try? await tmuxRun(["kill-server"])
                    await members.stop()
                    throw error
                }
                _ = try await tmuxRun(["kill-server"])
                await members.stop()
            }
        }
    }
}
