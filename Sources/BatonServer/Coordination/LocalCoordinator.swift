import BatonCore
import BatonStore
import Logging

/// The coordinator of a single instance on the embedded store: the one owner of the
/// engine. Every operation runs here, one at a time: the engine decides, the durable changes
/// it journals are committed to the store, and only then does the caller get an answer, so
/// nothing is revealed before it is durable. It also owns the single timer that drives
/// every deadline of every group.
///
/// "One at a time" is a turn, not the actor's isolation alone: a commit runs on the store's
/// own thread (`StoreThread`) and the actor is free while it waits, so every operation first
/// takes its turn (`takeTurn`) and keeps it until its commit is durable or has failed. No
/// operation reads a change that is not yet durable, and after a failed commit the next turn
/// rebuilds the engine from the store first.
public actor LocalCoordinator: Coordinator {
    private var engine: Engine
    private let clock: any BatonClock
    private let store: any Store
    private let logger: Logger
    private let timerMode: TimerMode
    private var timerTask: Task<Void, Never>?
    private var armedDeadline: Instant?
    /// Set when a commit failed: the in-memory engine may hold changes the store does not,
    /// so it is rebuilt from the store before the next operation.
    private var needsReload = false
    /// Whether an operation has its turn, and who waits for one, first come first served.
    private var turnTaken = false
    private var waitingForTurn: [CheckedContinuation<Void, Never>] = []
    private let storeThread = StoreThread()
    public nonisolated let eventHub: EventHub
    public nonisolated let metrics: BatonMetrics

    public init(clock: any BatonClock, store: any Store, logger: Logger, timerMode: TimerMode,
                eventHub: EventHub = EventHub(), metrics: BatonMetrics = BatonMetrics()) throws {
        let engine = Engine(clock: clock, restoring: try store.loadSnapshot())
        try store.commit(engine.drainJournal())
        self.engine = engine
        self.clock = clock
        self.store = store
        self.logger = logger
        self.timerMode = timerMode
        self.eventHub = eventHub
        self.metrics = metrics
    }

    public func groupCounts() async -> GroupCounts? {
        await takeTurn()
        defer { endTurn() }
        return engine.groupCounts()
    }

    /// Runs one engine operation and commits what it changed before returning its result.
    /// The scope is not needed here: this engine holds every group.
    public func perform<Result: Sendable>(
        as principal: Principal, on scope: OperationScope, _ operation: @escaping @Sendable (Engine) throws -> Result
    ) async throws -> Result {
        await takeTurn()
        defer { endTurn() }
        return try await performInTurn(as: principal, operation)
    }

    private func performInTurn<Result: Sendable>(
        as principal: Principal, _ operation: (Engine) throws -> Result
    ) async throws -> Result {
        try reloadIfNeeded()
        engine.actor = principal
        let outcome = Swift.Result { try operation(engine) }
        engine.actor = .anonymous
        try await commitJournal()
        return try outcome.get()
    }

    /// A page of a group's history, read from the store (the engine keeps none).
    public func events(of key: GroupKey, skip: Int, count: Int, as principal: Principal) async throws -> EventPage {
        try await readHistory(of: key, as: principal) { store in try store.events(of: key, skip: skip, count: count) }
    }

    /// The actor answers (a wedged actor would not answer at all; the caller bounds the wait).
    public func livenessProblem() -> String? { nil }

    public func readinessProblem() -> String? {
        do {
            try store.check()
            return needsReload ? "the last commit failed; the engine is rebuilt from the store at the next request" : nil
        } catch {
            return "the store does not answer: \(error)"
        }
    }

    public func events(of key: GroupKey, after sequence: Int64, limit: Int, as principal: Principal) async throws -> [GroupEvent] {
        try await readHistory(of: key, as: principal) { store in try store.events(of: key, after: sequence, limit: limit) }
    }

    /// Checks that the group exists and `principal` may read it, then reads its history.
    private func readHistory<Page: Sendable>(
        of key: GroupKey, as principal: Principal, _ read: @escaping @Sendable (any Store) throws -> Page
    ) async throws -> Page {
        await takeTurn()
        defer { endTurn() }
        try await performInTurn(as: principal) { engine in _ = try engine.configuration(of: key) }
        let store = store
        do {
            return try await storeThread.run { try read(store) }
        } catch {
            throw CoordinationFailure.storeUnavailable("\(error)")
        }
    }

    /// Processes every due deadline now. The automatic timer calls this; tests call it
    /// after advancing a TestClock.
    public func processDueDeadlines() async {
        await takeTurn()
        defer { endTurn() }
        armedDeadline = nil
        timerTask = nil
        do {
            try reloadIfNeeded()
            engine.processDueDeadlines()
            try await commitJournal()
        } catch {
            logger.error("deadline processing failed", metadata: ["error": "\(error)"])
        }
        armTimer()
    }

    /// Writes soft state (last heartbeats, watermarks) in one batch.
    public func flushSoftState() async {
        await takeTurn()
        defer { endTurn() }
        await flushSoftStateInTurn()
    }

    private func flushSoftStateInTurn() async {
        let batch = engine.drainSoftState()
        guard !batch.isEmpty else { return }
        let store = store
        do {
            try await storeThread.run { try store.writeSoftState(batch) }
        } catch {
            logger.warning("soft state flush failed", metadata: ["error": "\(error)"])
        }
    }

    public func start() {
        armTimer()
    }

    /// Stops the timer and flushes soft state; the last step of a graceful shutdown.
    public func shutdown() async {
        await takeTurn()
        defer { endTurn() }
        eventHub.shutdown()
        timerTask?.cancel()
        timerTask = nil
        armedDeadline = nil
        await flushSoftStateInTurn()
        store.close()
    }

    // MARK: Turns

    /// Waits until no other operation has its turn, first come first served.
    private func takeTurn() async {
        guard turnTaken else {
            turnTaken = true
            return
        }
        // The turn is handed over by `endTurn`, still taken.
        await withCheckedContinuation { waitingForTurn.append($0) }
    }

    private func endTurn() {
        if waitingForTurn.isEmpty {
            turnTaken = false
        } else {
            waitingForTurn.removeFirst().resume()
        }
    }

    // MARK: Durability

    private func commitJournal() async throws {
        let changes = engine.drainJournal()
        if !changes.isEmpty {
            // Members' hints go out now, so that the heartbeat a hint asks for is on its way
            // while the commit is on its way to disk; it is answered after the commit all the
            // same (it waits for its turn until then), and a failed commit reloads the engine
            // first. A hint is never a grant.
            let events = changes.appendedEvents
            eventHub.announce(events)
            let started = ContinuousClock.now
            let store = store
            do {
                try await storeThread.run { try store.commit(changes) }
                metrics.commitSeconds.record(started.duration(to: .now))
                metrics.storeAvailable.set(to: 1.0)
            } catch {
                metrics.storeAvailable.set(to: 0.0)
                needsReload = true
                logger.critical("store commit failed; the change was not made", metadata: ["error": "\(error)"])
                throw CoordinationFailure.storeUnavailable("\(error)")
            }
            EventLog.log(changes, to: logger)
            eventHub.publish(events)
            metrics.observe(events)
        }
        armTimer()
    }

    private func reloadIfNeeded() throws {
        guard needsReload else { return }
        do {
            let restored = Engine(clock: clock, restoring: try store.loadSnapshot())
            try store.commit(restored.drainJournal())
            engine = restored
            needsReload = false
            logger.notice("engine rebuilt from the store after a failed commit")
        } catch {
            throw CoordinationFailure.storeUnavailable("\(error)")
        }
    }

    // MARK: The one timer

    /// Arms the timer for the engine's earliest deadline if that is earlier than what it is
    /// armed for. A timer that fires early finds nothing due and re-arms.
    private func armTimer() {
        guard timerMode == .automatic, let next = engine.nextDeadline else { return }
        if let armed = armedDeadline, armed <= next, timerTask != nil { return }
        timerTask?.cancel()
        armedDeadline = next
        let delay = next - clock.now().instant
        timerTask = Task { [weak self] in
            if delay > .zero {
                do { try await Task.sleep(for: delay) } catch { return }
            }
            await self?.processDueDeadlines()
        }
    }
}
