import BatonCore
import BatonStore
import Logging
import Synchronization

/// The coordinator of one instance among several on a shared store (PostgreSQL).
///
/// No engine outlives a transaction. Operations on a group are queued and run in batches:
/// one transaction locks every group of the batch (in key order), reads the shared clock
/// (the database clock without its steps, `VirtualClock`) after the locks are held, rebuilds those groups in a fresh engine, runs the operations
/// in arrival order, writes back what changed with a compare-and-set on each group's epoch,
/// and commits before any caller gets an answer. Liveness is therefore judged on the
/// database's clock, two instances can never both promote (the second waits for the
/// first's lock and then sees its promotion), and a heartbeat is visible to every instance
/// as soon as it is answered. Deadlines are found by polling for due groups with
/// `FOR UPDATE SKIP LOCKED`, so each is handled once, by whichever instance is free.
public actor SharedCoordinator: Coordinator {
    public struct Options: Sendable {
        /// How often the timer looks for due groups.
        public var pollInterval: Duration = .milliseconds(50)
        /// Operations per transaction at most.
        public var batchLimit = 256
        /// Group transactions this instance runs at once. One: operations arriving while a
        /// transaction runs make the next batch bigger, and fewer, larger transactions
        /// answered more heartbeats at a far lower p99 than two at once (Benchmarks/cluster.sh).
        public var concurrentBatches = 1
        /// Due groups claimed per transaction.
        public var claimLimit = 64
        /// A gap this long with no instance serving counts as an outage: afterwards every
        /// member gets restart grace, as after a restart of the single coordinator.
        public var outage: Duration = .seconds(2)
        /// Attempts of a transaction that lost a compare-and-set or a unique key.
        public var attempts = 5
        /// A transaction still running after this long is abandoned (`outcomeUnknown`, 503)
        /// and treated as an outage: longer than the connection wait (5 s) plus any row-lock
        /// wait a healthy database imposes.
        public var transactionDeadline: Duration = .seconds(15)
        /// While the database is away, how often this instance tries it again (requests are
        /// answered 503 at once meanwhile).
        public var probeInterval: Duration = .milliseconds(100)

        public init() {}
    }

    private let store: any SharedStore
    private let clockSkew: @Sendable () -> Duration
    private let logger: Logger
    private let timerMode: TimerMode
    private let options: Options
    /// Group operations waiting for a transaction. Behind a `Mutex`, not the actor: a
    /// heartbeat joins its batch from its own event loop and is answered from its batch's
    /// transaction, without a hop onto the actor's executor to queue it and another to
    /// return its answer (each a thread wake-up, per heartbeat).
    private nonisolated let pending: Mutex<PendingBatches<PendingOperation>>
    private var poller: Task<Void, Never>?
    /// Records every `serviceMarkInterval` that this instance serves (automatic timer only).
    private var marker: Task<Void, Never>?
    /// Set while the database is known to be away: requests are answered 503 at once and
    /// `recovery` tries the database every `probeInterval`. Service continuity is recorded
    /// (and an outage recognised, with grace, before anyone is judged) before it is cleared.
    private var unavailableSince: ContinuousClock.Instant?
    private var recovery: Task<Void, Never>?
    /// When the timer last finished a pass (automatic mode): `/livez` fails when it stops.
    private var lastPoll: ContinuousClock.Instant = .now
    /// Passes the store's change notices (history other instances commit) to the hub.
    private var listener: Task<Void, Never>?
    /// Set when shutdown begins: a background transaction that the closing pool cuts short
    /// then is not an outage worth an operator's attention.
    private var shuttingDown = false
    /// Counts recoveries: a failure of an operation that began before the last recovery
    /// (one that waited on the connections of before) does not declare a new outage.
    private var availabilityEpoch = 0
    public nonisolated let eventHub: EventHub
    public nonisolated let metrics: BatonMetrics

    /// `clockSkew` is added to the database clock: zero in production; tests move it with a
    /// `TestClock` so both stores see the same time.
    public init(store: any SharedStore, options: Options = Options(), clockSkew: @escaping @Sendable () -> Duration = { .zero },
                logger: Logger, timerMode: TimerMode, eventHub: EventHub = EventHub(),
                metrics: BatonMetrics = BatonMetrics()) async throws {
        self.store = store
        self.eventHub = eventHub
        self.metrics = metrics
        self.options = options
        self.clockSkew = clockSkew
        self.logger = logger
        self.timerMode = timerMode
        pending = Mutex(PendingBatches(limit: options.batchLimit, concurrent: options.concurrentBatches))
        try await markServing(resuming: true)
    }

    /// How often a running instance records that it serves: well inside `outage`, and
    /// independent of the poll interval, so that neither a long `--poll-interval` nor a
    /// poll that takes long makes the others (or a restarted instance) see an outage.
    var serviceMarkInterval: Duration { min(options.outage / 4, .milliseconds(500)) }

    // MARK: Operations

    public nonisolated func perform<Result: Sendable>(
        as principal: Principal, on scope: OperationScope, _ operation: @escaping @Sendable (Engine) throws -> Result
    ) async throws -> Result {
        let value: any Sendable
        switch scope {
        case .group(let key):
            value = try await withCheckedThrowingContinuation { continuation in
                let operation = PendingOperation(
                    key: key, principal: principal, run: { engine in Swift.Result { try operation(engine) } },
                    continuation: continuation)
                launch(pending.withLock { $0.enqueue(operation) })
            }
        case .tenant(let tenant):
            value = try await runTenantOperation(tenant, as: principal) { engine in try operation(engine) }
        }
        // The continuation was resumed with this operation's own result.
        return value as! Result
    }

    public func events(of key: GroupKey, skip: Int, count: Int, as principal: Principal) async throws -> EventPage {
        _ = try await perform(as: principal, on: .group(key)) { engine in try engine.configuration(of: key) }
        do {
            return try await store.events(of: key, skip: skip, count: count)
        } catch {
            throw CoordinationFailure.storeUnavailable("\(error)")
        }
    }

    public func events(of key: GroupKey, after sequence: Int64, limit: Int, as principal: Principal) async throws -> [GroupEvent] {
        _ = try await perform(as: principal, on: .group(key)) { engine in try engine.configuration(of: key) }
        do {
            return try await store.events(of: key, after: sequence, limit: limit)
        } catch {
            throw CoordinationFailure.storeUnavailable("\(error)")
        }
    }

    private nonisolated func launch(_ batches: [[PendingOperation]]) {
        for batch in batches {
            Task {
                await self.runBatch(batch)
                self.launch(self.pending.withLock { $0.finished() })
            }
        }
    }

    /// One transaction for a batch of group operations; every caller gets its own result,
    /// or all get 503 when the database could not be used (nothing was changed then, unless
    /// the connection was lost during COMMIT: then the 503 says the outcome is unknown).
    private nonisolated func runBatch(_ batch: [PendingOperation]) async {
        let keys = Array(Set(batch.map(\.key))).sorted()
        do {
            let results = try await transaction { transaction, skew in
                let locked = try await transaction.lockGroupsReadingClock(keys, clockSkew: skew)
                let (images, reading) = (locked.images, locked.reading)
                // A group that does not exist may be created: it goes on from its address's
                // tombstone, read after the locks so a deletion that just committed is seen.
                let found = Set(images.map(\.key))
                let missing = keys.filter { !found.contains($0) }
                let engine = try await Self.engine(
                    for: images, at: reading, in: transaction,
                    tenants: Set(keys.map(\.tenant)), accessControlNeeded: batch.contains { $0.principal.kind != .anonymous },
                    appliancesNeeded: keys.contains { $0.namespace == HAGroups.namespace },
                    tombstones: try await transaction.tombstones(missing))
                var results: [Swift.Result<any Sendable, any Error>] = []
                for operation in batch {
                    engine.actor = operation.principal
                    results.append(operation.run(engine))
                }
                engine.actor = .anonymous
                let journal = try await Self.writeBack(
                    engine, loaded: images, storedWakeUps: locked.wakeUps, touched: keys, alwaysSave: false, in: transaction)
                return (results, journal)
            }
            for (operation, result) in zip(batch, results) { operation.continuation.resume(with: result) }
        } catch {
            for operation in batch { operation.continuation.resume(throwing: error) }
        }
    }

    /// Reads run without locks; an operation that turns out to change something runs
    /// again holding the lock of every group of the tenant.
    private nonisolated func runTenantOperation(
        _ tenant: String, as principal: Principal, _ operation: @escaping @Sendable (Engine) throws -> any Sendable
    ) async throws -> any Sendable {
        for lock in [false, true] {
            let outcome: TenantOutcome = try await transaction { transaction, skew -> (TenantOutcome, [DurableChange]) in
                let images = try await transaction.groups(tenant: tenant, lock: lock)
                let reading = try await transaction.now(clockSkew: skew)
                let loaded = Set(images.map(\.key))
                // A group the operation creates goes on from its address's tombstone. Most
                // tenant operations (appliance heartbeats) create none, so the tombstones are
                // read only when one does, and the operation runs again with them.
                var asked: Set<GroupKey> = []
                var tombstones: [GroupTombstone] = []
                while true {
                    let engine = try await Self.engine(
                        for: images, at: reading, in: transaction, tenants: [tenant], accessControlNeeded: true,
                        appliancesNeeded: true, allTasks: true, tombstones: tombstones)
                    engine.actor = principal
                    let result = Swift.Result { try operation(engine) }
                    engine.actor = .anonymous
                    if !lock, Self.hasChanges(engine, loaded: images) { return (.needsLock, []) }
                    let created = Set(engine.groupKeys).subtracting(loaded).subtracting(asked)
                    if !created.isEmpty {
                        asked.formUnion(created)
                        tombstones = try await transaction.tombstones(asked.sorted())
                        continue
                    }
                    let journal = try await Self.writeBack(
                        engine, loaded: images, touched: images.map(\.key), alwaysSave: false, in: transaction)
                    return (.done(result), journal)
                }
            }
            if case .done(let result) = outcome { return try result.get() }
        }
        throw CoordinationFailure.storeUnavailable("the operation kept changing while it was retried")
    }

    private enum TenantOutcome: Sendable {
        case needsLock
        case done(Swift.Result<any Sendable, any Error>)
    }

    // MARK: Deadlines

    /// Claims the groups whose deadline has come and that no other transaction holds, and
    /// brings each up to date; repeats while it finds a full claim's worth.
    public nonisolated func processDueDeadlines() async {
        let limit = options.claimLimit
        do {
            while true {
                let claimed = try await transaction { transaction, skew -> (Int, [DurableChange]) in
                    let due = try await transaction.claimDueGroups(
                        at: try await transaction.now(clockSkew: skew).now, limit: limit)
                    guard !due.isEmpty else { return (0, []) }
                    let reading = try await transaction.now(clockSkew: skew)
                    let keys = due.map(\.key)
                    let engine = try await Self.engine(
                        for: due, at: reading, in: transaction, tenants: Set(keys.map(\.tenant)),
                        accessControlNeeded: false, appliancesNeeded: keys.contains { $0.namespace == HAGroups.namespace })
                    for key in keys { engine.evaluateNow(key) }
                    let journal = try await Self.writeBack(engine, loaded: due, touched: keys, alwaysSave: true, in: transaction)
                    return (due.count, journal)
                }
                if claimed < limit { break }
            }
        } catch {
            // Logged once per outage by `transaction`.
        }
    }

    private func polled() { lastPoll = .now }

    public func groupCounts() async -> GroupCounts? {
        guard unavailableSince == nil else { return nil }
        return try? await store.groupCounts()
    }

    public func livenessProblem() -> String? {
        guard timerMode == .automatic, poller != nil else { return nil }
        let since = lastPoll.duration(to: .now)
        let limit = max(options.pollInterval * 20, options.transactionDeadline + .seconds(5))
        return since > limit ? "the deadline timer has not finished a pass for \(since)" : nil
    }

    public func readinessProblem() -> String? {
        guard let since = unavailableSince else { return nil }
        return "the shared store has been unreachable for \(since.duration(to: .now))"
    }

    public func flushSoftState() {
        // Nothing to flush: heartbeats are committed before they are answered.
    }

    public func start() {
        if listener == nil {
            let notices = store.changeNotices()
            let hub = eventHub
            listener = Task {
                for await notice in notices {
                    switch notice {
                    case .appended(let key, let first, let last):
                        if hub.isWatched(key) { hub.poke(key, first: first, last: last) }
                    case .resync:
                        hub.resync()
                    }
                }
            }
        }
        guard timerMode == .automatic, poller == nil else { return }
        let interval = options.pollInterval
        poller = Task { [weak self] in
            while !Task.isCancelled {
                await self?.processDueDeadlines()
                await self?.polled()
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
        let markInterval = serviceMarkInterval
        marker = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: markInterval) } catch { return }
                await self?.refreshServiceMark()
            }
        }
    }

    public func shutdown() async {
        shuttingDown = true
        for task in [poller, marker, recovery, listener] { task?.cancel() }
        listener = nil
        eventHub.shutdown()
        poller = nil
        marker = nil
        recovery = nil
        await store.shutdown()
    }

    // MARK: Transactions

    /// Runs `body` in a store transaction, retrying a lost compare-and-set, and turns a
    /// database that cannot be used into `CoordinationFailure.storeUnavailable` (503), or
    /// `.outcomeUnknown` when the connection was lost after COMMIT was sent. While the
    /// database is known to be away it answers 503 at once.
    private nonisolated func transaction<Value: Sendable>(
        _ body: @escaping @Sendable (any SharedTransaction, Duration) async throws -> (Value, [DurableChange])
    ) async throws -> Value {
        let epoch = try await admit()
        var attempt = 1
        while true {
            do {
                let skew = clockSkew()
                let store = store
                let started = ContinuousClock.now
                let (value, journal) = try await Self.withinDeadline(options.transactionDeadline) {
                    try await store.transaction { transaction in try await body(transaction, skew) }
                }
                metrics.commitSeconds.record(started.duration(to: .now))
                EventLog.log(journal, to: logger)
                let events = journal.appendedEvents
                eventHub.publish(events)
                metrics.observe(events)
                return value
            } catch SharedStoreError.conflict(let what) where attempt < options.attempts {
                attempt += 1
                logger.debug("transaction retried after a concurrent change", metadata: ["conflict": "\(what)"])
            } catch SharedStoreError.outcomeUnknown(let why) {
                await failed(SharedStoreError.outcomeUnknown(why), epoch: epoch)
                throw CoordinationFailure.outcomeUnknown(why)
            } catch let error as SharedStoreError {
                await failed(error, epoch: epoch)
                throw CoordinationFailure.storeUnavailable("\(error)")
            } catch let error as CoordinationFailure {
                throw error
            } catch {
                await failed(error, epoch: epoch)
                throw CoordinationFailure.storeUnavailable("\(error)")
            }
        }
    }

    /// The availability epoch an operation runs in, or 503 at once while the database is
    /// known to be away.
    private func admit() throws -> Int {
        if let since = unavailableSince {
            throw CoordinationFailure.storeUnavailable(
                "the shared store has been unreachable for \(since.duration(to: .now)); this instance tries it again every \(options.probeInterval)")
        }
        return availabilityEpoch
    }

    /// Records service continuity; `resuming` (at start and after an outage) also judges
    /// whether nobody served for longer than `outage`.
    private func markServing(resuming: Bool) async throws {
        do {
            let resumedAt = try await store.markServing(outage: options.outage, resuming: resuming, clockSkew: clockSkew())
            if resuming, let resumedAt {
                logger.debug("service continuity recorded", metadata: ["resumedAt": "\(resumedAt)"])
            }
        } catch {
            throw CoordinationFailure.storeUnavailable("\(error)")
        }
    }

    /// The marker's tick: a failure here is an outage like any other.
    private func refreshServiceMark() async {
        guard unavailableSince == nil else { return }
        let epoch = availabilityEpoch
        do {
            try await markServing(resuming: false)
        } catch {
            failed(error, epoch: epoch)
        }
    }

    private func failed(_ error: any Error, epoch: Int) {
        guard !shuttingDown, epoch == availabilityEpoch, unavailableSince == nil else { return }
        unavailableSince = .now
        metrics.storeAvailable.set(to: 0.0)
        logger.error("shared store unavailable; answering 503 and promoting nobody until it is back",
                     metadata: ["error": "\(error)"])
        recovery = Task { [weak self] in await self?.recover() }
    }

    /// Tries the database every `probeInterval` with a connection of its own (the pool's
    /// own reconnection backs off to a minute; see `PostgresStore.reconnect`), then records
    /// service continuity — judging the outage — before anything else is served.
    private func recover() async {
        while !Task.isCancelled, let since = unavailableSince {
            do {
                try await store.reconnect()
                try await markServing(resuming: true)
                unavailableSince = nil
                metrics.storeAvailable.set(to: 1.0)
                availabilityEpoch += 1
                recovery = nil
                logger.notice("shared store available again", metadata: ["unavailableFor": "\(since.duration(to: .now))"])
                return
            } catch {
                do { try await Task.sleep(for: options.probeInterval) } catch { return }
            }
        }
    }
}

/// A group operation waiting for its batch.
struct PendingOperation: Sendable {
    let key: GroupKey
    let principal: Principal
    let run: @Sendable (Engine) -> Result<any Sendable, any Error>
    let continuation: CheckedContinuation<any Sendable, any Error>
}
