import BatonTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A real `baton serve` process on a loopback port, for tests that must kill it.
final class BatonProcess: Sendable {
    let port: Int
    private let process: RunningProcess

    /// The `baton` executable built next to this test bundle (SwiftPM builds it because the
    /// test target depends on it); `BATON_BINARY` overrides.
    static var executable: URL {
        URL(fileURLWithPath: TestProcess.builtExecutable(named: "baton", override: "BATON_BINARY"))
    }

    /// Starts `baton serve --port 0` on `dataDirectory` and waits until it listens.
    /// `logLevel` and `extraArguments` (e.g. `--auth required`) are passed to `baton serve`.
    init(dataDirectory: String, logLevel: String = "info", extraArguments: [String] = [],
         timeout: Duration = .seconds(20)) async throws {
        let executable = Self.executable
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw Failure("baton executable not found at \(executable.path); build it with `swift build`")
        }
        let process = try await RunningProcess(
            executable.path,
            ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory, "--log-level", logLevel]
                + extraArguments)
        self.process = process

        let deadline = ContinuousClock.now + timeout
        var found: Int?
        while found == nil {
            found = Self.listeningPort(in: process.output)
            if found != nil { break }
            guard process.isRunning else {
                throw Failure("baton exited before listening:\n" + process.output)
            }
            guard ContinuousClock.now < deadline else {
                _ = try? await process.terminate()
                throw Failure("baton did not start listening in time:\n" + process.output)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        port = found!
    }

    var log: String { process.output }

    /// Kills the process the hard way (SIGKILL: no shutdown hooks, no final flush) and waits
    /// until it is gone.
    func kill() async {
        await process.kill()
    }

    /// SIGKILL without waiting (for a `defer`, which cannot wait): reaped in the background.
    func killInBackground() {
        process.send(.kill)
    }

    /// SIGTERM and wait: the graceful path. The exit code (or the number of the signal that
    /// ended it).
    func terminate() async -> Int32 {
        (try? await process.terminate()) ?? -1
    }

    private static func listeningPort(in log: String) -> Int? {
        guard let range = log.range(of: "listening on 127.0.0.1:") else { return nil }
        let digits = log[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// A minimal JSON-over-HTTP client for a `BatonProcess`.
struct ProcessClient: Sendable {
    let client: TestClient

    func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws -> TestBaton.Reply {
        let request = TestClient.Request(
            uri, method: method, headers: [.contentType: "application/json"], body: body.map { ByteBuffer(string: $0) })
        let response = try await client.execute(request)
        return TestBaton.Reply(status: response.status, headers: response.headers,
                               text: response.body.map { String(buffer: $0) } ?? "")
    }

    static func with<Result: Sendable>(_ process: BatonProcess, _ body: @escaping @Sendable (ProcessClient) async throws -> Result) async throws -> Result {
        try await TestClient.withClient(host: "127.0.0.1", port: process.port) { client in
            try await body(ProcessClient(client: client))
        }
    }
}
