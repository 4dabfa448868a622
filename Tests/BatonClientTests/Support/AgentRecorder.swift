import BatonClient
import Foundation
import Synchronization
import Testing

/// Everything a `HeartbeatAgent` told its observer, in order, and a way to wait for the next
/// thing of a kind.
final class AgentRecorder: Sendable {
    private let activities = Mutex<[AgentActivity]>([])
    private let cursor = Mutex(0)

    var observer: @Sendable (AgentActivity) -> Void {
        { [self] activity in activities.withLock { $0.append(activity) } }
    }

    var all: [AgentActivity] { activities.withLock { $0 } }

    /// The first activity after the last one waited for that `matches` gives a value for;
    /// fails after `timeout` (real time).
    @discardableResult
    func next<Value>(_ what: String, timeout: Duration = .seconds(15), _ matches: (AgentActivity) -> Value?) async throws -> Value {
        let deadline = ContinuousClock.now + timeout
        while true {
            let start = cursor.withLock { $0 }
            let seen = all
            if start < seen.count {
                for index in start..<seen.count {
                    if let value = matches(seen[index]) {
                        cursor.withLock { $0 = index + 1 }
                        return value
                    }
                }
            }
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what); the agent did: \(seen.map(\.description).joined(separator: "\n"))")
                throw LiveServer.Failure("timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The send time of the next heartbeat sent.
    func nextSend(timeout: Duration = .seconds(15)) async throws -> MonotonicInstant {
        try await next("a heartbeat to be sent", timeout: timeout) { activity in
            if case .heartbeatSent(let at, _, _) = activity { return at }
            return nil
        }
    }

    /// The next state the agent publishes as Primary. The agent reports an answer as it arrives
    /// and acts on it right after, so an expectation on its role waits for this, not the answer.
    @discardableResult
    func nextPrimaryState(timeout: Duration = .seconds(15)) async throws -> AgentState {
        try await next("the agent to become Primary", timeout: timeout) { activity in
            if case .stateChanged(let state, _) = activity, state.isPrimaryState { return state }
            return nil
        }
    }

    /// The next answer, with its send time.
    @discardableResult
    func nextAnswer(timeout: Duration = .seconds(15)) async throws -> (HeartbeatAnswer, MonotonicInstant) {
        try await next("a heartbeat to be answered", timeout: timeout) { activity in
            if case .answered(let answer, let sent, _) = activity { return (answer, sent) }
            return nil
        }
    }

    /// The states the agent published, with when each took effect.
    var stateChanges: [(state: AgentState, at: MonotonicInstant)] {
        all.compactMap { activity in
            if case .stateChanged(let state, let at) = activity { return (state, at) }
            return nil
        }
    }
}

/// Runs `agent` in the background for the test's body, then cancels it and waits.
func running<Result>(_ agents: HeartbeatAgent..., body: () async throws -> Result) async throws -> Result {
    let tasks = agents.map { agent in Task { try await agent.run() } }
    defer { for task in tasks { task.cancel() } }
    let result = try await body()
    for task in tasks {
        task.cancel()
        _ = try? await task.value
    }
    return result
}

/// A value shared between a test and the tasks it starts.
final class Locked<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) { storage = Mutex(value) }

    var value: Value { storage.withLock { $0 } }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        storage.withLock { body(&$0) }
    }
}
