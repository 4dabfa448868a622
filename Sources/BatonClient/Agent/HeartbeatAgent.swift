import Synchronization

/// Keeps one member's side of Baton's lease contract (docs/lease-contract.md) so that the
/// member does not have to: it registers (idempotently), heartbeats every T/2 with jitter and
/// an HTTP timeout under T/2, follows the FailoverTimeout each answer carries, and holds the
/// Primary role only until send time + 0.9 T on a monotonic clock — demoting itself at that
/// deadline, before the coordinator could promote anyone else, when no heartbeat was answered.
/// A 404 demotes at once and registers again. It listens to the member hints and heartbeats at
/// once on each. Several servers (instances of one shared-mode deployment) are tried in turn
/// when one cannot be reached.
///
/// ```swift
/// let agent = HeartbeatAgent(client: client, group: "line-1", session: "collector-a") { 100 }
/// try await withThrowingDiscardingTaskGroup { tasks in
///     tasks.addTask { try await agent.run() }
///     while true {
///         try? await agent.withPrimaryRole { epoch in try await collect(fencedBy: epoch) }
///     }
/// }
/// ```
///
/// The role is published on `states`; `isPrimary` and `epoch` check the deadline at every
/// call, so check them before every write and attach the epoch to it.
public final class HeartbeatAgent: Sendable {
    public let group: String
    public let session: String
    /// The clock the lease is measured on.
    public let clock: any MonotonicClock
    public let options: Options
    let clients: [BatonClient]
    let score: @Sendable () async -> Double

    let book = Mutex(RoleBook())
    let control = Mutex(Control())
    /// A hint (or a step-down) asks for a heartbeat now. Lowered *before* each heartbeat is
    /// sent, so a hint that arrives while one is in flight brings another one after it.
    let heartbeatNow = Wakeup()
    /// The lease changed (granted, renewed, lost): the watchdog reads the deadline again.
    let leaseChanged = Wakeup()
    /// Raised while the session is registered, for the hints listener.
    let registration = Wakeup()

    /// Raised while no `withPrimaryRole` work runs.
    let guardedWorkEnded = Wakeup()

    struct Control {
        var started = false
        var finished = false
        /// `stepDown()` began: no answer makes this member Primary any more.
        var steppingDown = false
        /// The guarded work has ended: heartbeats carry score 0 to move the role.
        var sendingZero = false
        /// A StepDown hint came while Primary: not Primary from then on, and the heartbeat
        /// that delivers the demotion waits until the guarded work has ended.
        var yielding = false
        /// The deadline of the lease held when it yielded: past it the coordinator may promote
        /// the successor anyway, so the demotion is not held back any longer.
        var yieldUntil: MonotonicInstant?
        var stepDownStarted: MonotonicInstant?
        /// `withPrimaryRole` works running.
        var guardedWork = 0
        /// The index of the server in use.
        var server = 0
    }

    /// An agent for `session` of `group` on the servers of `clients` (the first first; the
    /// next when one cannot be reached). `score` is asked before each heartbeat (0…100).
    /// The clients stay the caller's to shut down. For several servers, a configuration with
    /// `retriesConnecting = false` lets a refused connection move on at once.
    public init(clients: [BatonClient], group: String, session: String, options: Options = Options(),
                clock: any MonotonicClock = ContinuousMonotonicClock(),
                score: @escaping @Sendable () async -> Double) {
        self.clients = clients
        self.group = group
        self.session = session
        self.options = options
        self.clock = clock
        self.score = score
        guardedWorkEnded.raise()
    }

    public convenience init(client: BatonClient, group: String, session: String, options: Options = Options(),
                            clock: any MonotonicClock = ContinuousMonotonicClock(),
                            score: @escaping @Sendable () async -> Double) {
        self.init(clients: [client], group: group, session: session, options: options, clock: clock, score: score)
    }

    // MARK: - The role

    /// The role now, with the current deadline while Primary (not checked against the clock:
    /// `isPrimary` does that).
    public var state: AgentState { book.withLock { $0.state } }

    /// Whether this member may act as Primary at this instant: the last answer was Primary
    /// and its deadline has not come. Check it before every write.
    public var isPrimary: Bool { epoch != nil }

    /// The fencing epoch while `isPrimary`, else nil. Attach it to every write.
    public var epoch: Int? {
        let now = clock.now
        return book.withLock { book in
            guard case .primary(let epoch, let deadline) = book.state, now < deadline else { return nil }
            return epoch
        }
    }

    /// The lease deadline while Primary (it moves with each renewal), else nil.
    public var deadline: MonotonicInstant? { book.withLock { $0.deadline } }

    /// The FailoverTimeout of the last answer (or of the group before the first one).
    public var failoverTimeout: Duration? { book.withLock { $0.timeout } }

    /// The role as it changes: the current state first, then each change of role or epoch
    /// (not each renewal), in order, ending after `.stopped`. Each call is a new subscription.
    public var states: AsyncStream<AgentState> {
        let (stream, continuation) = AsyncStream<AgentState>.makeStream(bufferingPolicy: .unbounded)
        let id = book.withLock { book -> Int in
            let id = book.nextSubscriber
            book.nextSubscriber += 1
            return id
        }
        // Only a subscriber that went away is removed here: a stream the agent finishes calls
        // this under the agent's lock (RoleBook.set), and the agent forgets it itself.
        continuation.onTermination = { [weak self] termination in
            guard case .cancelled = termination else { return }
            _ = self?.book.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        book.withLock { book in
            continuation.yield(book.state)
            if case .stopped = book.state {
                continuation.finish()
            } else {
                book.subscribers[id] = continuation
            }
        }
        return stream
    }

    // MARK: - Running

    /// Registers and heartbeats until the task is cancelled (then returns; the role is left to
    /// run out, the session stays registered) or `stepDown()` completes. Throws when the server
    /// refuses the registration for good. The state is `.stopped` afterwards. An agent runs once.
    public func run() async throws {
        guard !clients.isEmpty else { throw HeartbeatAgentError.noServers }
        try control.withLock { control in
            if control.finished { throw HeartbeatAgentError.stopped }
            if control.started { throw HeartbeatAgentError.alreadyStarted }
            control.started = true
        }
        defer { finish() }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await self.watchLease() }
            if options.followsHints { tasks.addTask { await self.listenForHints() } }
            tasks.addTask { try await self.heartbeatLoop() }
            // Only the heartbeat loop ends by itself (stepped down, refused or cancelled).
            _ = try await tasks.next()
            tasks.cancelAll()
        }
    }

    /// Ends the agent: `.stopped`, every subscription finished.
    func finish() {
        control.withLock { $0.finished = true }
        update { book, _ in _ = book.set(.stopped) }
    }

    // MARK: - Changing the role

    /// Changes the role under the lock, with the clock read there; then wakes the watchdog and
    /// tells the observer of each state published.
    func update(_ change: (inout RoleBook, MonotonicInstant) -> Void) {
        let clock = clock
        let (published, now) = book.withLock { book -> ([(state: AgentState, at: MonotonicInstant?)], MonotonicInstant) in
            let now = clock.now
            change(&book, now)
            defer { book.published.removeAll() }
            return (book.published, now)
        }
        leaseChanged.raise()
        for (state, at) in published { observe(.stateChanged(state, at: at ?? now)) }
    }

    /// Acts on a heartbeat's answer (docs/lease-contract.md §2, §3): Primary until
    /// `sent + 0.9 T` with T from the answer; an answer arriving after that grants nothing.
    func apply(_ answer: HeartbeatAnswer, sentAt sent: MonotonicInstant) {
        let timeout = try? TimeSpanText.parse(answer.failoverTimeout)
        // While yielding, an answer to a heartbeat sent before the StepDown hint grants nothing.
        let steppingDown = control.withLock { $0.steppingDown || $0.yielding }
        update { book, now in
            // A lease that ran out before this answer came is lost first, even if the watchdog
            // has not got to it yet: subscribers see the gap.
            book.expire(at: now)
            if let timeout { book.timeout = timeout }
            switch answer.role {
            case .primary:
                if let timeout, !steppingDown, now < sent + Self.leaseLength(timeout) {
                    _ = book.set(.primary(epoch: answer.epoch, deadline: sent + Self.leaseLength(timeout)))
                } else {
                    _ = book.set(.secondary)
                }
            case .pendingPrimary:
                _ = book.set(.pending)
            case .secondary:
                _ = book.set(.secondary)
            }
        }
    }

    /// How long a lease granted under `timeout` lasts from the send time: 0.9 T, exactly.
    static func leaseLength(_ timeout: Duration) -> Duration { timeout * 9 / 10 }

    func observe(_ activity: AgentActivity) {
        options.observer?(activity)
    }
}
