import BatonTestSupport
import Foundation
import Testing

/// A detached tmux session on a tmux server of its own (a private socket), whose screen a
/// test reads with `capture-pane`: a real terminal for the commands that behave differently
/// on one (`watch`, the failover prompt).
struct Terminal {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// tmux tests run when tmux is there, and always under CI (where a missing tmux fails them).
    static var available: Bool { tmux != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    let tmux: String
    let socket = "baton-test-\(UUID().uuidString.prefix(8))"

    /// Starts `command` (a shell command line) in a 150×30 terminal.
    init(_ command: String) async throws {
        tmux = try #require(Self.tmux, "tmux is missing: run scripts/cli-terminal.sh")
        let started = try await run(["new-session", "-d", "-s", "test", "-x", "150", "-y", "30", command])
        try #require(started.status == 0, "tmux: \(started.all)")
    }

    @discardableResult
    func run(_ arguments: [String]) async throws -> TestProcess.Outcome {
        try await TestProcess.run(tmux, ["-L", socket] + arguments, environment: ["TMUX": nil])
    }

    var screen: String {
        get async throws { try await run(["capture-pane", "-p", "-t", "test"]).output }
    }

    /// Types `keys` (tmux key names: "y", "Enter").
    func type(_ keys: String...) async throws {
        try await run(["send-keys", "-t", "test"] + keys)
    }

    /// Ends the session and its tmux server.
    func close() async {
        _ = try? await run(["kill-server"])
    }

    /// Runs `body`, printing the screen if it fails, and closes the terminal either way.
    func use<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            let result = try await body()
            await close()
            return result
        } catch {
            print("screen:\n" + ((try? await screen) ?? "(none)"))
            await close()
            throw error
        }
    }
}
