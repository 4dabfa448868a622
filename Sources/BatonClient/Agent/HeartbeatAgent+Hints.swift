extension HeartbeatAgent {
    /// On a StepDown hint while Primary: stop acting now (lease-contract.md §8 allows it), so
    /// that the guarded work has ended before the heartbeat that delivers the demotion lets
    /// the coordinator promote the successor.
    ///
    /// A StepDown hint that comes again (a hint may come twice: as its change is committed and
    /// once committed, or again after a reconnect) changes nothing while the first one's
    /// demotion waits for the guarded work: clearing `yielding` then would send the demotion at
    /// once, and the successor could start while this member's work is still stopping.
    func yieldRole() {
        // Raised first, so that an answer in flight cannot grant the role back in between.
        let alreadyYielding = control.withLock { control -> Bool in
            defer { control.yielding = true }
            return control.yielding
        }
        guard !alreadyYielding else { return }
        var yielded = false
        var until: MonotonicInstant?
        update { book, _ in
            until = book.deadline
            if book.state.isPrimaryState { yielded = book.set(.secondary) }
        }
        control.withLock { $0.yieldUntil = until }
        if !yielded { control.withLock { $0.yielding = false } }
    }

    /// Holds the member hints stream open while registered and raises "heartbeat now" at each
    /// hint. A hint grants nothing; the heartbeat's answer decides (lease-contract.md §8). A
    /// server without hints (or a refused stream) leaves the agent on its regular pace; it
    /// tries again later. Reconnects resume after the last hint's sequence, without a gap.
    func listenForHints() async {
        var after: Int?
        while !Task.isCancelled {
            await registration.wait()
            if Task.isCancelled { return }
            let (_, client) = currentServer()
            var pause: Duration = .seconds(1)
            do {
                let hints = try await client.hintStream(for: session, in: group, after: after)
                observe(.listeningForHints(server: client.configuration.server))
                for try await hint in hints {
                    after = hint.sequence
                    observe(.hintReceived(hint))
                    if hint.hint == "StepDown", options.yieldsOnStepDown { yieldRole() }
                    heartbeatNow.raise()
                }
            } catch {
                if Task.isCancelled { return }
                observe(.hintsUnavailable(error))
                // A refusal other than 404 (the session re-registering) will not go away soon.
                if let refusal = error as? BatonAPIError, refusal.status != 404 { pause = .seconds(5) }
            }
            try? await Task.sleep(for: pause)
        }
    }
}
