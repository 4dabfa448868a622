extension HeartbeatAgent {
    /// Hands the role over gracefully (docs/lease-contract.md §6): stops acting as Primary at
    /// once (cancelling `withPrimaryRole` work) and waits for the guarded work to end (at most T) — the
    /// coordinator still counts this member Primary meanwhile, so nobody else starts — then
    /// heartbeats with score 0 until the role has moved (a Secondary answer), nobody is coming
    /// to take it, or T has passed, and deregisters the session. Returns when the agent has
    /// stopped; `run()` then returns.
    public func stepDown() async {
        let (running, again) = control.withLock { control -> (Bool, Bool) in
            let again = control.steppingDown
            control.steppingDown = true
            return (control.started && !control.finished, again)
        }
        // Stopping early is always safe.
        update { book, _ in
            if book.state != .stopped { _ = book.set(.secondary) }
        }
        // Bounded: work that ignores its cancellation does not hold the role for ever.
        if !again { await wait(until: clock.now + (failoverTimeout ?? Self.fallbackTimeout), or: guardedWorkEnded) }
        let clock = clock
        control.withLock { control in
            control.sendingZero = true
            if control.stepDownStarted == nil { control.stepDownStarted = clock.now }
        }
        if running {
            heartbeatNow.raise()
            for await state in states where state == .stopped { break }
        } else if !again {
            // Not running: tell the coordinator and leave, in case an earlier run registered.
            _ = await send(Heartbeat(failoverScore: 0))
            await deregister()
            finish()
        }
    }

    /// After a score-0 heartbeat: whether the session may be removed now.
    func stepDownIsComplete(after answer: HeartbeatAnswer) async -> Bool {
        if answer.role != .primary || stepDownHasWaitedLongEnough() { return true }
        // Still Primary: wait for the demotion only when someone is on the way to take over.
        guard let status = try? await onServers({ client in try await client.status(of: group) }) else { return false }
        return status.pendingPrimary == nil
    }

    /// T since the step-down began: whatever happened, the lease has run out by now.
    func stepDownHasWaitedLongEnough() -> Bool {
        guard let started = control.withLock({ $0.stepDownStarted }) else { return true }
        return clock.now >= started + (failoverTimeout ?? Self.fallbackTimeout)
    }
}
