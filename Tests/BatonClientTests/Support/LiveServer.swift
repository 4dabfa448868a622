import BatonClient
import BatonTestSupport
import Foundation
import Subprocess
import Testing

/// A real `baton serve` on a loopback port and a fresh data directory, and the `baton`
/// executable to run the operator commands against it.
final class LiveServer: Sendable {
    let port: Int
    let directory: URL
    private let process: RunningProcess

    var url: String { "http://127.0.0.1:\(port)" }

    static var executable: String { TestProcess.builtExecutable(named: "baton", override: "BATON_BINARY") }

    /// Starts `baton serve --port 0` (plus `arguments`, e.g. `--auth required`) and waits until
    /// it listens. `prepare` runs on the data directory first (adding users, say).
    /// `port` and `directory` start it again where an earlier one ran (a restart).
    init(arguments: [String] = [], port: Int = 0, directory: URL? = nil,
         prepare: (URL) async throws -> Void = { _ in }) async throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("baton-cli-\(UUID().uuidString)")
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await prepare(directory)
        let process = try await RunningProcess(
            Self.executable,
            ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--data-dir", directory.path, "--log-level", "info",
             "--bcrypt-cost", "4"] + arguments)
        let deadline = ContinuousClock.now + .seconds(30)
        var found: Int?
        while found == nil {
            if let range = process.output.range(of: "listening on 127.0.0.1:") {
                found = Int(process.output[range.upperBound...].prefix { $0.isNumber })
                break
            }
            guard process.isRunning, ContinuousClock.now < deadline else {
                _ = try? await process.terminate()
                throw Failure("baton serve did not start:\n\(process.output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        self.process = process
        self.port = found!
    }

    /// Runs the test's body, then stops the server and removes its directory whatever happened.
    static func with<Result>(arguments: [String] = [], prepare: (URL) async throws -> Void = { _ in },
                             _ body: (LiveServer) async throws -> Result) async throws -> Result {
        let server = try await LiveServer(arguments: arguments, prepare: prepare)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    func stop() async {
        _ = try? await process.terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends `signal` to the server (SIGSTOP: it stops answering, with connections left open;
    /// SIGCONT: it carries on).
    func send(_ signal: Subprocess.Signal) {
        process.send(signal)
    }

    /// A client for a long-running member: a refused connection fails at once instead of
    /// being retried until the connect timeout (the agent moves on or retries at its pace).
    func withMemberClient<Result: Sendable>(_ body: (BatonClient) async throws -> Result) async throws -> Result {
        var configuration = BatonClientConfiguration(server: url)
        configuration.retriesConnecting = false
        return try await BatonClient.withClient(configuration, body)
    }

    /// SIGKILL (a crash: nothing closed, nothing flushed) and waits; the data stays.
    func crash() async {
        await process.kill()
    }

    /// SIGTERM (the graceful shutdown, which closes every stream) and waits; the data stays.
    func shutDownKeepingData() async {
        _ = try? await process.terminate()
    }

    /// Runs `body` with a client of this server (authentication off unless `credentials`),
    /// shut down afterwards whatever happened.
    func withClient<Result: Sendable>(_ credentials: Credentials = .none,
                                      _ body: (BatonClient) async throws -> Result) async throws -> Result {
        try await BatonClient.withClient(BatonClientConfiguration(server: url, credentials: credentials), body)
    }

    /// Runs `baton ARGUMENTS` to completion with `BATON_SERVER` set to this server (and
    /// `environment` on top; nil removes a variable).
    func baton(_ arguments: [String], environment: [String: String?] = [:], input: String? = nil) async throws -> TestProcess.Outcome {
        var environment = environment
        environment["BATON_SERVER"] = environment["BATON_SERVER"] ?? url
        for name in ["BATON_USER", "BATON_PASSWORD", "BATON_TOKEN", "BATON_CLIENT_ID", "BATON_CLIENT_SECRET", "BATON_TENANT",
                     "BATON_NAMESPACE", "BATON_CA_FILE"] where environment[name] == nil {
            environment[name] = .some(nil)
        }
        return try await TestProcess.run(Self.executable, arguments, environment: environment, input: input)
    }

    /// Starts `baton ARGUMENTS` in the background (for `--follow`).
    func batonInBackground(_ arguments: [String]) async throws -> RunningProcess {
        try await RunningProcess(Self.executable, arguments, environment: ["BATON_SERVER": url])
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Members that heartbeat on their own, as real ones do, until stopped.
final class Members: Sendable {
    private let task: Task<Void, Never>

    /// Each of `sessions` of `group` heartbeats with score 100 every `interval`, in the order
    /// given, the first one first (so it is elected).
    init(_ client: BatonClient, group: String, sessions: [String], interval: Duration = .milliseconds(150)) {
        task = Task {
            while !Task.isCancelled {
                for session in sessions {
                    _ = try? await client.heartbeat(session, in: group, Heartbeat(failoverScore: 100))
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// HCX appliances heartbeating the same way.
    init(_ client: BatonClient, appliances: [String], interval: Duration = .milliseconds(150)) {
        task = Task {
            while !Task.isCancelled {
                for appliance in appliances {
                    _ = try? await client.applianceHeartbeat(appliance, score: 100)
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func stop() async {
        task.cancel()
        await task.value
    }
}

/// Waits until `condition` holds, checking every 50 ms, or fails after `timeout`.
func eventually(_ what: String, timeout: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting until \(what)")
            throw LiveServer.Failure("timed out waiting until \(what)")
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}

extension BatonClient {
    /// A group with a short timeout and no preemption, with `sessions` registered.
    func makeGroup(_ id: String, sessions: [String], timeout: String = "00:00:02") async throws {
        try await createGroup(GroupConfiguration(id: id, failoverTimeout: timeout, preemptionPolicy: PreemptionPolicy.none))
        for session in sessions { try await registerSession(session, in: id) }
    }
}
