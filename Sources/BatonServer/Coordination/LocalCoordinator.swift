import BatonCore
import BatonStore
import Logging

/// The coordinator of a single instance on the embedded store: the one owner of the
/// engine. Every operation runs here, one at a time: the engine decides, the durable changes
/// it journals are committed to the store, and only then does the caller get an answer, so
/// nothing is revealed before it is durable. It also owns the single timer that drives
/// every deadline of every group.
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

    public func groupCounts() -> GroupCounts? { engine.groupCounts() }

    /// Runs one engine operation and commits what it changed before returning its result.
    /// The scope is not needed here: this engine holds every group.
    public func perform<Result: Sendable>(
        as principal: Principal, on scope: OperationScope, _ operation: @escaping @Sendable (Engine) throws -> Result
    ) throws -> Result {
        try perform(as: principal, operation)
    }

    private func perform<Result: Sendable>(
        as principal: Principal, _ operation: (Engine) throws -> Result
    ) throws -> Result {
        try reloadIfNeeded()
        engine.actor = principal
        defer { engine.actor = .anonymous }
        let result: Result
        do {
            result = try operation(engine)
        } catch {
            try commitJournal()
            throw error
        }
        try commitJournal()
        return result
    }

    /// A page of a group's history, read from the store (the engine keeps none).
    public func events(of key: GroupKey, skip: Int, count: Int, as principal: Principal) throws -> EventPage {
        try perform(as: principal) { engine in _ = try engine.configuration(of: key) }
        do {
            return try store.events(of: key, skip: skip, count: count)
        } catch {
            throw CoordinationFailure.storeUnavailable("\(error)")
        }
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

    public func events(of key: GroupKey, after sequence: Int64, limit: Int, as principal: Principal) throws -> [GroupEvent] {
        try perform(as: principal) { engine in _ = try engine.configuration(of: key) }
        do {
            return try store.events(of: key, after: sequence, limit: limit)
        } catch {
            throw CoordinationFailure.storeUnavailable("\(error)")
        }
    }

    /// Processes every due deadline now. The automatic timer calls this; tests call it
    /// after advancing a TestClock.
    public func processDueDeadlines() {
        armedDeadline = nil
        timerTask = nil
        do {
            try reloadIfNeeded()
            engine.processDueDeadlines()
            try commitJournal()
        } catch {
            logger.error("deadline processing failed", metadata: ["error": "\(error)"])
        }
        armTimer()
    }

    /// Writes soft state (last heartbeats, watermarks) in one batch.
    public func flushSoftState() {
        let batch = engine.drainSoftState()
        guard !batch.isEmpty else { return }
        do {
            try store.writeSoftState(batch)
        } catch {
            logger.warning("soft state flush failed", metadata: ["error": "\(error)"])
        }
    }

    public func start() {
        armTimer()
    }

    /// Stops the timer and flushes soft state; the last step of a graceful shutdown.
    public func shutdown() {
        eventHub.shutdown()
        timerTask?.cancel()
        timerTask = nil
        armedDeadline = nil
        flushSoftState()
        store.close()
    }

    // MARK: Durability

    private func commitJournal() throws {
        let changes = engine.drainJournal()
        if !changes.isEmpty {
            // Members' hints go out now, so that the heartbeat a hint asks for is on its way
            // while the commit is on its way to disk; it is answered after the commit all the
            // same (this actor is busy until then), and a failed commit reloads the engine
            // first. A hint is never a grant.
            let events = changes.appendedEvents
            eventHub.announce(events)
            let started = ContinuousClock.now
            do {
                try store.commit(changes)
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
