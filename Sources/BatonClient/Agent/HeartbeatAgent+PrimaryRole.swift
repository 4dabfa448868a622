extension HeartbeatAgent {
    private enum Term<Result: Sendable>: Sendable {
        case finished(Result)
        case lost
    }

    /// Waits until this member is Primary, then runs `work` with the term's epoch in a child
    /// task that is cancelled the moment the role is lost — a demotion answer, the lease
    /// running out at its deadline, a 404, `stepDown()`, the agent stopping — or the epoch
    /// changes. Returns what `work` returns while the role holds; when the role was lost,
    /// waits for `work` to end and throws `HeartbeatAgentError.roleLost`. Throws
    /// `HeartbeatAgentError.stopped` when the agent stops before this member is Primary.
    ///
    /// `work` must honour cancellation promptly (the role is gone when it is cancelled), and
    /// should still check `isPrimary` / `epoch` before each write: cancellation is cooperative.
    /// Call it again (in a loop) to act again when the role comes back.
    public func withPrimaryRole<Result: Sendable>(
        _ work: @escaping @Sendable (_ epoch: Int) async throws -> Result
    ) async throws -> Result {
        var term: Int?
        for await state in states {
            switch state {
            case .primary(let epoch, _) where self.epoch == epoch:
                term = epoch
            case .stopped:
                throw HeartbeatAgentError.stopped
            default:
                continue
            }
            break
        }
        guard let epoch = term else {
            try Task.checkCancellation()
            throw HeartbeatAgentError.stopped
        }
        // Counted (and the flag moved) under the one lock, so two works ending and starting
        // at once cannot leave the flag raised while one runs.
        let ended = guardedWorkEnded
        control.withLock { control in
            control.guardedWork += 1
            ended.lower()
        }
        defer {
            control.withLock { control in
                control.guardedWork -= 1
                if control.guardedWork == 0 { ended.raise() }
            }
        }
        return try await withThrowingTaskGroup(of: Term<Result>.self) { tasks in
            tasks.addTask { .finished(try await work(epoch)) }
            tasks.addTask {
                // A new subscription starts with the state now: a loss since the wait above
                // is seen at once.
                for await state in self.states {
                    guard case .primary(let current, _) = state, current == epoch else { return .lost }
                }
                return .lost
            }
            let first = try await tasks.next()
            tasks.cancelAll()
            switch first {
            case .finished(let result)?:
                return result
            case .lost?, nil:
                // The work was cancelled; wait for it to end. Its own error is not the news.
                while true {
                    do {
                        guard try await tasks.next() != nil else { break }
                    } catch {}
                }
                throw HeartbeatAgentError.roleLost(epoch: epoch)
            }
        }
    }
}
