import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real `baton serve` process on a loopback port, for tests that must kill it.
final class BatonProcess: Sendable {
    let port: Int
    private let process: Process
    private let output: OutputBuffer

    /// The `baton` executable built next to this test bundle (SwiftPM builds it because the
    /// test target depends on it); `BATON_BINARY` overrides.
    static var executable: URL {
        if let override = ProcessInfo.processInfo.environment["BATON_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On some platforms the bundle is a directory tree (…/X.xctest/Contents/MacOS/X).
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("baton").path),
              directory.pathComponents.count > 1 {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("baton")
    }

    /// Starts `baton serve --port 0` on `dataDirectory` and waits until it listens.
    /// `logLevel` and `extraArguments` (e.g. `--auth required`) are passed to `baton serve`.
    init(dataDirectory: String, logLevel: String = "info", extraArguments: [String] = [],
         timeout: Duration = .seconds(20)) async throws {
        let executable = Self.executable
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw Failure("baton executable not found at \(executable.path); build it with `swift build`")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory, "--log-level", logLevel]
            + extraArguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        let output = OutputBuffer()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }
            output.append(String(decoding: data, as: UTF8.self))
        }
        try process.run()
        self.process = process
        self.output = output

        let deadline = ContinuousClock.now + timeout
        var found: Int?
        while found == nil {
            found = Self.listeningPort(in: output.text)
            if found != nil { break }
            guard process.isRunning else {
                throw Failure("baton exited before listening:\n" + output.text)
            }
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw Failure("baton did not start listening in time:\n" + output.text)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        port = found!
    }

    var log: String { output.text }

    /// Kills the process the hard way: no shutdown hooks, no final flush.
    func kill() {
        #if canImport(Glibc)
        Glibc.kill(process.processIdentifier, SIGKILL)
        #endif
        process.waitUntilExit()
    }

    /// SIGTERM and wait: the graceful path.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
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

/// What the process printed, appended from the pipe's reader thread.
final class OutputBuffer: Sendable {
    private let buffer = Mutex("")

    var text: String { buffer.withLock { $0 } }

    func append(_ more: String) {
        buffer.withLock { $0 += more }
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
