import Foundation

extension HeartbeatAgent {
    /// When T is not known yet (the group could not be read): the pace of retries.
    static let fallbackTimeout: Duration = .seconds(60)

    enum Outcome {
        case answered(HeartbeatAnswer)
        case notFound
        case failed(any Error)
    }

    /// The loop of docs/lease-contract.md §7: register, then heartbeat every T/2 (at once on
    /// a hint), acting on each answer; 404 registers again at once.
    func heartbeatLoop() async throws {
        var registered = false
        while !Task.isCancelled {
            if !registered {
                if control.withLock({ $0.steppingDown }) { return }
                do {
                    try await register()
                    registered = true
                    registration.raise()
                } catch let error as HeartbeatAgentError {
                    throw error
                } catch {
                    if Task.isCancelled { return }
                    observe(.problem(error))
                    await wait(until: clock.now + options.retryInterval, or: heartbeatNow)
                    continue
                }
            }
            // Down before sending, never after the answer: a hint that comes while this
            // heartbeat is in flight must bring another one (lease-contract.md §8).
            heartbeatNow.lower()
            // Told to step down (a hint): this heartbeat delivers the demotion, and the
            // coordinator promotes the successor the moment it does — so not before the guarded
            // work has ended. Meanwhile the coordinator still counts this member Primary.
            let (yielding, yieldUntil) = control.withLock { ($0.yielding, $0.yieldUntil) }
            if yielding { await wait(until: yieldUntil ?? clock.now, or: guardedWorkEnded) }
            let steppingDown = control.withLock { $0.sendingZero }
            let score = steppingDown ? 0 : min(100, max(0, await self.score()))
            let processed = steppingDown ? nil : await options.processedUpTo?()
            // Not Primary: the answer may wait for a promotion, up to when the next heartbeat
            // would be sent anyway. Never while the role is being handed on.
            let hold = options.holdsAnswers && !steppingDown && !yielding && !state.isPrimaryState && state != .stopped
                ? interval() : nil
            let (outcome, sent) = await send(
                Heartbeat(failoverScore: score, lastDataProcessedTime: processed, heartbeatTime: Date()), hold: hold)
            switch outcome {
            case .answered(let answer):
                // Delivered (or the handover was called off: then the role holds again).
                if yielding { control.withLock { $0.yielding = false } }
                apply(answer, sentAt: sent)
                if steppingDown, await stepDownIsComplete(after: answer) {
                    await deregister()
                    return
                }
            case .notFound:
                // The session or its group was deleted: not Primary any more, register again now.
                update { book, _ in _ = book.set(.secondary) }
                registered = false
                registration.lower()
                continue
            case .failed:
                // The lease is not extended; the watchdog ends it at its deadline.
                if steppingDown, stepDownHasWaitedLongEnough() {
                    await deregister()
                    return
                }
            }
            // The pace from the answer's T, which may have changed since the hold was taken.
            await wait(until: sent + interval(), or: heartbeatNow)
        }
    }

    /// T/2 less up to `jitter` of it, from the last answer's T.
    func interval() -> Duration {
        let half = (failoverTimeout ?? Self.fallbackTimeout) / 2
        let jitter = min(0.5, max(0, options.jitter))
        guard jitter > 0 else { return half }
        return half * (1 - Double.random(in: 0...jitter))
    }

    /// Under T/2, so a hung request never delays the next heartbeat: 0.4 T. A held one
    /// (never the Primary's) may take its hold and T/10 more: its sender holds no lease, and
    /// the gap between two of its heartbeats' receipts stays under T (0.6 T at most), so a
    /// server that stopped answering leaves it live while it moves to the next one.
    func requestTimeout(holding hold: Duration? = nil) -> Duration {
        let timeout = failoverTimeout ?? Self.fallbackTimeout
        guard let hold else { return timeout * 2 / 5 }
        return hold + timeout / 10
    }

    /// Sends one heartbeat, to the next server at once while one cannot be reached; answers
    /// the outcome and the send time of the last attempt (the lease runs from there). With
    /// `hold`, the server may keep the answer that long, and the request may take that longer.
    func send(_ heartbeat: Heartbeat, hold: Duration? = nil) async -> (Outcome, MonotonicInstant) {
        var tried = 0
        while true {
            let (index, client) = currentServer()
            let server = client.configuration.server
            let sent = clock.now
            observe(.heartbeatSent(at: sent, score: heartbeat.failoverScore, server: server))
            do {
                let answer = try await client.heartbeat(
                    session, in: group, heartbeat, timeout: requestTimeout(holding: hold), hold: hold)
                observe(.answered(answer, sentAt: sent, server: server))
                return (.answered(answer), sent)
            } catch let error as BatonAPIError where error.status == 404 {
                observe(.sessionNotFound(server: server))
                return (.notFound, sent)
            } catch {
                observe(.heartbeatFailed(error, sentAt: sent, server: server))
                tried += 1
                guard Self.worthAnotherServer(error) else { return (.failed(error), sent) }
                moveOn(from: index)
                if tried >= clients.count || Task.isCancelled { return (.failed(error), sent) }
            }
        }
    }

    /// Creates the group when a configuration was given (never overwriting another), reads
    /// its T, and registers the session (docs/lease-contract.md §1).
    func register() async throws {
        try await onServers { client in
            var configuration: GroupConfiguration
            if var wanted = options.groupConfiguration {
                wanted.id = group
                do {
                    configuration = try await client.createGroup(wanted)
                } catch let error as BatonAPIError where error.status == 409 {
                    // Another configuration (an operator changed it): use it as it is.
                    observe(.problem(error))
                    configuration = try await client.group(group)
                }
            } else {
                configuration = try await client.group(group)
            }
            if let text = configuration.failoverTimeout, let timeout = try? TimeSpanText.parse(text) {
                update { book, _ in book.timeout = timeout }
            }
            do {
                try await client.registerSession(session, name: options.name, additionalData: options.additionalData, in: group)
            } catch let error as BatonAPIError where error.status == 409 {
                throw HeartbeatAgentError.registrationRefused(error)
            }
            observe(.registered(server: client.configuration.server))
        }
    }

    /// Removes the session (a 404 means it is gone already).
    func deregister() async {
        do {
            try await onServers { client in try await client.removeSession(session, from: group) }
        } catch let error as BatonAPIError where error.status == 404 {
        } catch {
            observe(.problem(error))
        }
    }

    /// Returns at `due` on the agent's clock, when `wakeup` is raised, or when cancelled.
    func wait(until due: MonotonicInstant, or wakeup: Wakeup) async {
        let clock = clock
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try? await clock.sleep(until: due) }
            tasks.addTask { await wakeup.wait() }
            await tasks.next()
            tasks.cancelAll()
        }
    }
}
