import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the tests launch other programs (`baton`, `openssl`, scripts): through swift-subprocess,
/// never Foundation's `Process`.
public enum TestProcess {
    /// What a program that ran to completion left.
    public struct Outcome: Sendable {
        /// The exit code, or the number of the signal that ended it (as Foundation's
        /// `Process.terminationStatus` reported it).
        public var status: Int32
        public var output: String
        /// Standard error; empty when it was combined with standard output.
        public var errors: String
        public var all: String { output + errors }
    }

    /// More than any program a test runs prints; more fails the run instead of hanging it.
    static let outputLimit = 64 * 1024 * 1024

    /// Runs `executable` (a path) with `arguments` to completion: `input` (when given) on its
    /// standard input, then end of file; both outputs collected as they come, so nothing blocks
    /// on a full pipe. `environment` changes the inherited environment (nil removes a variable).
    /// With `combiningErrors`, standard error goes to `output` (`2>&1`).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:],
        input: String? = nil, combiningErrors: Bool = false
    ) async throws -> Outcome {
        ignoreBrokenPipes()
        let configuration = Configuration(
            executable: .path(FilePath(executable)), arguments: Arguments(arguments),
            environment: inherited(changing: environment))
        // The input is written from the closure, where a child that exits without reading it
        // (a refused command line) is no failure of the run: its outcome tells.
        let feed: (StandardInputWriter) async -> Void = { writer in
            if let input { _ = try? await writer.write(input) }
            try? await writer.finish()
        }
        if combiningErrors {
            let result = try await Subprocess.run(
                configuration, input: .inputWriter, output: .string(limit: outputLimit), error: .combinedWithOutput
            ) { execution in await feed(execution.standardInputWriter) }
            return Outcome(status: code(result.terminationStatus), output: result.standardOutput, errors: "")
        }
        let result = try await Subprocess.run(
            configuration, input: .inputWriter, output: .string(limit: outputLimit), error: .string(limit: outputLimit)
        ) { execution in await feed(execution.standardInputWriter) }
        return Outcome(status: code(result.terminationStatus), output: result.standardOutput, errors: result.standardError)
    }

    /// An executable SwiftPM built next to this test bundle (it builds the executables a test
    /// target depends on), unless the environment variable `override` names another.
    public static func builtExecutable(named name: String, override: String? = nil) -> String {
        if let override, let path = ProcessInfo.processInfo.environment[override], !path.isEmpty {
            return path
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On some platforms the bundle is a directory tree (…/X.xctest/Contents/MacOS/X).
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent(name).path),
              directory.pathComponents.count > 1 {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent(name).path
    }

    /// The inherited environment with `changes` applied (a nil value removes the variable).
    static func inherited(changing changes: [String: String?]) -> Environment {
        guard !changes.isEmpty else { return .inherit }
        var updates: [Environment.Key: String?] = [:]
        for (name, value) in changes {
            guard let key = Environment.Key(rawValue: name) else { continue }
            updates[key] = value
        }
        return .inherit.updating(updates)
    }

    /// Foundation's reading of a termination: the exit code, or the signal's number.
    static func code(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return signal
        }
    }

    /// A child that exits before reading the input written to it must not take the test
    /// process down with SIGPIPE: writes to its closed pipe fail with EPIPE instead. The
    /// children themselves start with every signal at its default (swift-subprocess spawns
    /// with POSIX_SPAWN_SETSIGDEF), so this changes nothing for them.
    static func ignoreBrokenPipes() {
        _ = brokenPipesIgnored
    }

    private static let brokenPipesIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()
}

/// A program running in the background whose output (standard output and error together) is
/// read as it comes, and that a test can signal (SIGKILL, SIGSTOP, …) at any moment.
///
/// swift-subprocess hands out a running process only inside `run`'s closure; the closure here
/// reads the output until end of file and meanwhile publishes its `Execution`, so `send(_:)`
/// can reach the process. The closure withdraws it (under the same lock) before it returns,
/// which is before `run` reaps the process: a signal is never sent to a reaped process id.
public final class RunningProcess: Sendable {
    public let processIdentifier: pid_t
    private let state: State
    private let finished: Task<Int32, any Error>

    private final class State: Sendable {
        typealias Handle = Execution<NoInput, SequenceOutput, CombinedErrorOutput>
        let execution = Mutex<Handle?>(nil)
        let output = Mutex<[UInt8]>([])
        let exited = Mutex(false)
    }

    /// Launches `executable` (a path) with `arguments`; answers once it has been spawned.
    /// `environment` changes the inherited environment (nil removes a variable).
    public init(_ executable: String, _ arguments: [String], environment: [String: String?] = [:]) async throws {
        TestProcess.ignoreBrokenPipes()
        let state = State()
        let configuration = Configuration(
            executable: .path(FilePath(executable)), arguments: Arguments(arguments),
            environment: TestProcess.inherited(changing: environment))
        let (spawned, spawnedContinuation) = AsyncStream<pid_t>.makeStream()
        let finished = Task<Int32, any Error> {
            defer {
                state.exited.withLock { $0 = true }
                spawnedContinuation.finish()
            }
            let result = try await Subprocess.run(
                configuration, input: .none, output: .sequence, error: .combinedWithOutput
            ) { execution in
                state.execution.withLock { $0 = execution }
                spawnedContinuation.yield(execution.processIdentifier.value)
                spawnedContinuation.finish()
                do {
                    for try await buffer in execution.standardOutput {
                        buffer.withUnsafeBytes { bytes in state.output.withLock { $0.append(contentsOf: bytes) } }
                    }
                } catch {
                    state.execution.withLock { $0 = nil }
                    throw error
                }
                state.execution.withLock { $0 = nil }
            }
            return TestProcess.code(result.terminationStatus)
        }
        var pid: pid_t?
        for await value in spawned { pid = value }
        guard let pid else {
            // Not spawned: `run` threw; rethrow its error.
            _ = try await finished.value
            throw Failure("\(executable) was not started")
        }
        self.processIdentifier = pid
        self.state = state
        self.finished = finished
    }

    /// Everything it printed so far.
    public var output: String {
        String(decoding: state.output.withLock { $0 }, as: UTF8.self)
    }

    /// Until `run` has reaped it.
    public var isRunning: Bool { !state.exited.withLock { $0 } }

    /// Sends `signal` while the process is there; answers whether it was sent.
    @discardableResult
    public func send(_ signal: Subprocess.Signal) -> Bool {
        state.execution.withLock { execution in
            guard let execution else { return false }
            do {
                try execution.send(signal: signal)
                return true
            } catch {
                return false
            }
        }
    }

    /// Waits until it has exited: its exit code, or the number of the signal that ended it.
    @discardableResult
    public func waitForExit() async throws -> Int32 {
        try await finished.value
    }

    /// SIGKILL (no shutdown hooks, no final flush), then waits until it is gone.
    public func kill() async {
        send(.kill)
        _ = try? await finished.value
    }

    /// SIGTERM, the graceful path, and waits: the exit code (or the signal's number).
    public func terminate() async throws -> Int32 {
        send(.terminate)
        return try await finished.value
    }

    deinit {
        // Not waited for: the background task reaps it.
        send(.terminate)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}
