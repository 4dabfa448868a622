import BatonCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The store several Baton instances share: PostgreSQL through a pool of connections.
///
/// Every failure to reach the database surfaces as `SharedStoreError.unavailable` within
/// `connectionWait` (the pool itself would keep a request waiting for a minute while the
/// server is down), so an HTTP request gets a 503 instead of hanging — within about 200 ms
/// when the database does not answer at all (`databaseAnswers`).
///
/// The pool is replaceable. PostgresNIO's pool, once connecting fails, retries with one
/// connection at a time on an exponential backoff (100 ms × 1.25ⁿ, up to a minute; after a
/// minute its circuit breaker fails every lease at once), and while that connection backs
/// off a single waiting lease does not start another. So after an outage of T it connects
/// again only about T/4 after the database is back — seconds after a short outage, up to a
/// minute after a long one — and none of that can be configured. `reconnect(within:)`
/// therefore tries a fresh pool, which connects at once; when it does, it replaces the old
/// one (leases still waiting on the old pool move to the new one, and the old pool closes
/// once its last lease ends).
public final class PostgresStore: SharedStore, PrincipalStore {
    /// How long a request waits for a connection before the database counts as unavailable.
    public static let connectionWait: Duration = .seconds(5)

    /// How long one call may hold its connection (a transaction from BEGIN to COMMIT, a
    /// migration, a read). PostgresNIO gives a statement no timeout and does not stop one when
    /// its task is cancelled, so a statement whose answer never comes (a server that stopped
    /// answering, a connection lost without a word) would hold the connection, and the caller
    /// with it, for as long as TCP takes to notice — hours. Past this limit the connection is
    /// closed, which fails the statement: the call ends with an error and nothing is held.
    /// Well above any row-lock wait between instances; below the coordinator's transaction
    /// deadline, which stays the last resort.
    public static let defaultCallLimit: Duration = .seconds(10)

    let logger: Logger
    let callLimit: Duration
    /// This instance's side of the virtual clock every reading goes through.
    let clock = ClockGuard()
    private let configuration: PostgresClient.Configuration
    private let pools: Mutex<Pools>

    private struct Pools {
        var current: PoolGeneration
        /// Replaced pools that still have leases.
        var draining: [PoolGeneration] = []
        var shutDown = false
    }

    /// The probe's connection, outside any pool.
    private let probeConfiguration: PostgresConnection.Configuration
    /// The change listener's connection, outside any pool.
    let listenConfiguration: PostgresConnection.Configuration

    private init(configuration: PostgresClient.Configuration, probeConfiguration: PostgresConnection.Configuration,
                 callLimit: Duration, logger: Logger) {
        self.configuration = configuration
        self.callLimit = callLimit
        self.probeConfiguration = probeConfiguration
        var listenConfiguration = probeConfiguration
        listenConfiguration.options.connectTimeout = .seconds(3)
        listenConfiguration.options.additionalStartupParameters = [("application_name", "baton-listen")]
        self.listenConfiguration = listenConfiguration
        self.logger = logger
        pools = Mutex(Pools(current: PoolGeneration(configuration: configuration, logger: logger)))
    }

    /// The probe runs every few hundred milliseconds while the database is away: its failures
    /// are not logged (the coordinator logs the outage once).
    private static let probeLogger = Logger(label: "baton-postgres-probe", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The probe in flight, which every lease waiting for a connection shares.
    private let probing = Mutex<Task<Bool, Never>?>(nil)

    /// Whether the database answers a connection of its own (within a second). Leases that
    /// wait for a connection share one probe: one that fails means the database is away, and
    /// they give up at once instead of waiting out `connectionWait`.
    func databaseAnswers() async -> Bool {
        let configuration = probeConfiguration
        let task = probing.withLock { probing in
            if let running = probing { return running }
            let task = Task<Bool, Never> {
                do {
                    let connection = try await PostgresConnection.connect(
                        configuration: configuration, id: 0, logger: Self.probeLogger)
                    try? await connection.close()
                    return true
                } catch {
                    return false
                }
            }
            probing = task
            return task
        }
        let answers = await task.value
        probing.withLock { if $0 == task { $0 = nil } }
        return answers
    }

    /// The pool leases are taken from now.
    var client: PostgresClient { pools.withLock { $0.current.client } }

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=disable|require`)
    /// and brings the schema up to date. Throws `PostgresURL.Invalid` for a malformed URL and
    /// `SharedStoreError.unavailable` when the database cannot be reached in time.
    public static func open(url: String, logger: Logger) async throws -> PostgresStore {
        try await open(url: url, logger: logger, migrate: true)
    }

    /// `migrate: false` only for tests that need a store without a reachable database; a
    /// shorter `callLimit` only for tests of it.
    static func open(url: String, logger: Logger, migrate: Bool,
                     callLimit: Duration = defaultCallLimit) async throws -> PostgresStore {
        let location = try PostgresURL(url)
        var configuration = location.configuration()
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.additionalStartupParameters = [
            ("application_name", "baton"),
            // A transaction left open by an instance that hangs must not hold group locks forever.
            ("idle_in_transaction_session_timeout", "60s"),
            // Plan the prepared statements once: left to choose, PostgreSQL planned some of the
            // heartbeat path's statements anew for every execution (GenericPlanTests). Every
            // statement here looks rows up by key, which the generic plans do as well.
            ("plan_cache_mode", "force_generic_plan"),
        ]
        var probeConfiguration = try location.connectionConfiguration()
        probeConfiguration.options.connectTimeout = .seconds(1)
        probeConfiguration.options.additionalStartupParameters = [("application_name", "baton-probe")]
        let store = PostgresStore(configuration: configuration, probeConfiguration: probeConfiguration,
                                  callLimit: callLimit, logger: logger)
        guard migrate else { return store }
        do {
            try await store.leased { connection in try await PostgresSchema.migrate(connection, logger: logger) }
        } catch {
            await store.shutdown()
            throw error
        }
        logger.debug("shared store ready", metadata: [
            "host": "\(location.host)", "port": "\(location.port)", "database": "\(location.database)",
        ])
        return store
    }

    /// Stops the pool and closes every connection.
    public func shutdown() async {
        let all = pools.withLock { pools in
            pools.shutDown = true
            return [pools.current] + pools.draining
        }
        for generation in all where !(await generation.shutdown()) {
            logger.warning("the PostgreSQL connection pool did not stop within 5 s; going on without waiting for it")
        }
    }

    /// Connects once outside the pool (within a second) and runs a trivial statement; when
    /// that works, a fresh pool replaces the current one, so the next lease connects at once
    /// instead of waiting for the old pool's backoff. Throws `SharedStoreError.unavailable`
    /// (and keeps the current pool) when the database cannot be reached.
    public func reconnect() async throws {
        let logger = logger
        do {
            let connection = try await PostgresConnection.connect(
                configuration: probeConfiguration, id: 0, logger: Self.probeLogger)
            do {
                try await connection.guardedQuery("SELECT 1", logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch {
            throw PostgresErrors.shared(error)
        }
        let candidate = PoolGeneration(configuration: configuration, logger: logger)
        await candidate.waitUntilRunning()
        let replaced: PoolGeneration? = pools.withLock { pools in
            guard !pools.shutDown else { return nil }
            let old = pools.current
            pools.current = candidate
            pools.draining.append(old)
            return old
        }
        guard let replaced else {
            await candidate.shutdown()
            throw SharedStoreError.unavailable("the store is shut down")
        }
        replaced.retire { [weak self] in
            self?.pools.withLock { pools in pools.draining.removeAll { $0 === replaced } }
        }
    }

    public func transaction<Result: Sendable>(
        _ body: @Sendable (any SharedTransaction) async throws -> Result
    ) async throws -> Result {
        try await postgresTransaction { transaction in try await body(transaction) }
    }

    func postgresTransaction<Result: Sendable>(
        _ body: @Sendable (PostgresTransaction) async throws -> Result
    ) async throws -> Result {
        let logger = logger
        let clock = clock
        return try await leased { connection in
            let transaction = PostgresTransaction(connection: connection, logger: logger, clock: clock)
            try await connection.guardedQuery("BEGIN ISOLATION LEVEL READ COMMITTED", logger: logger)
            let result: Result
            do {
                result = try await body(transaction)
                guard !transaction.failed.value.withLock({ $0 }) else {
                    throw SharedStoreError.unavailable("a statement of the transaction failed; it was rolled back")
                }
            } catch {
                await Self.rollBack(connection, logger: logger)
                throw error
            }
            // Lost before COMMIT was sent: the server rolls the transaction back.
            guard !connection.isClosed else {
                throw SharedStoreError.unavailable("the connection was lost before COMMIT; nothing was changed")
            }
            do {
                try await connection.guardedQuery("COMMIT", logger: logger)
            } catch {
                throw Self.commitFailure(error)
            }
            return result
        }
    }

    /// What a failed COMMIT means. An error the server answered that says it rolled back (a
    /// serialization failure, a deadlock, a unique key) is a conflict like any other; anything
    /// else — above all a connection lost while COMMIT was on its way or its answer was —
    /// leaves the outcome unknown: the server may have committed before the answer was lost.
    static func commitFailure(_ error: any Error) -> SharedStoreError {
        switch PostgresErrors.shared(error) {
        case SharedStoreError.conflict(let what):
            return .conflict(what)
        default:
            return .outcomeUnknown(PostgresErrors.reason(error))
        }
    }

    /// A connection whose ROLLBACK fails is closed, so the pool never lends it out again
    /// inside a transaction.
    private static func rollBack(_ connection: PostgresConnection, logger: Logger) async {
        do {
            try await connection.guardedQuery("ROLLBACK", logger: logger)
        } catch {
            try? await connection.close()
        }
    }

    public func events(of group: GroupKey, skip: Int, count: Int) async throws -> EventPage {
        let logger = logger
        return try await leased { connection in
            let filter: PostgresQuery = """
                SELECT count(*) FROM baton_event
                WHERE tenant = \(group.tenant) AND namespace = \(group.namespace) AND group_id = \(group.id)
                """
            let total = try await connection.guardedQuery(filter, logger: logger).first?.decode(Int64.self) ?? 0
            let rows = try await connection.guardedQuery("""
                SELECT * FROM baton_event
                WHERE tenant = \(group.tenant) AND namespace = \(group.namespace) AND group_id = \(group.id)
                ORDER BY sequence LIMIT \(Int64(max(count, 0))) OFFSET \(Int64(max(skip, 0)))
                """, logger: logger)
            return EventPage(events: try rows.map(PostgresRows.event), total: Int(total))
        }
    }

    public func groupCounts() async throws -> GroupCounts {
        let logger = logger
        return try await leased { connection in
            let row = try await connection.guardedQuery("""
                SELECT count(*), count(*) FILTER (WHERE primary_id IS NULL), count(*) FILTER (WHERE paused_at IS NOT NULL)
                FROM baton_group
                """, logger: logger).first
            guard let row else { return GroupCounts() }
            let (all, without, paused) = try row.decode((Int64, Int64, Int64).self)
            return GroupCounts(groups: Int(all), withoutPrimary: Int(without), paused: Int(paused))
        }
    }

    public func events(of group: GroupKey, after sequence: Int64, limit: Int) async throws -> [GroupEvent] {
        let logger = logger
        return try await leased { connection in
            let rows = try await connection.guardedQuery("""
                SELECT * FROM baton_event
                WHERE tenant = \(group.tenant) AND namespace = \(group.namespace) AND group_id = \(group.id)
                    AND sequence > \(sequence)
                ORDER BY sequence LIMIT \(Int64(max(limit, 0)))
                """, logger: logger)
            return try rows.map(PostgresRows.event)
        }
    }

    /// `served_at` becomes now; when `resuming`, `resumed_at` too if nobody served for longer
    /// than `outage` (or ever). Both are virtual time plus `clockSkew`, like every reading;
    /// `served_at` never moves back.
    public func markServing(outage: Duration, resuming: Bool, clockSkew: Duration) async throws -> Instant? {
        try await postgresTransaction { transaction in
            let now = try await transaction.now(clockSkew: clockSkew).now.nanoseconds
            let rows = try await transaction.rows("""
                UPDATE baton_service SET
                    resumed_at_ns = CASE
                        WHEN resumed_at_ns IS NULL OR served_at_ns IS NULL
                            OR (\(resuming) AND served_at_ns < \(now) - \(outage.nanoseconds)) THEN \(now)
                        ELSE resumed_at_ns END,
                    served_at_ns = GREATEST(served_at_ns, \(now))
                RETURNING resumed_at_ns
                """)
            return try rows.first.flatMap { try $0.decode(Int64?.self) }.map(Instant.init(nanoseconds:))
        }
    }

    /// Runs `body` on a leased connection, with errors mapped (`PostgresErrors.shared`). Gives
    /// up with `unavailable` when no connection is leased within `connectionWait`; once one is,
    /// `body` runs to its end (it may wait for row locks) or until `callLimit`, when its
    /// connection is closed under it. A lease still waiting when its pool is replaced
    /// (`reconnect`) waits on the new pool, within the same `connectionWait`.
    func leased<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        let deadline = ContinuousClock.now + Self.connectionWait
        do {
            while true {
                let generation = pools.withLock { $0.current }
                if let result = try await Self.lease(on: generation, until: deadline, callLimit: callLimit,
                                                     logger: logger, probe: databaseAnswers, body) {
                    return result
                }
            }
        } catch {
            throw PostgresErrors.shared(error)
        }
    }

    /// One lease on one pool: the result, or nil when the pool was replaced before a
    /// connection was leased.
    private static func lease<Result: Sendable>(
        on generation: PoolGeneration, until deadline: ContinuousClock.Instant,
        callLimit: Duration, logger: Logger,
        probe: (@Sendable () async -> Bool)? = nil,
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result? {
        guard generation.enter() else {
            // Replaced and closed before this lease began: take the new pool.
            if generation.isRetired { return nil }
            throw SharedStoreError.unavailable("the store is shut down")
        }
        defer { generation.leave() }
        return try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: LeaseOutcome<Result>.self) { group in
                let lease = LeaseState()
                group.addTask {
                    try await generation.client.withConnection { connection in
                        guard lease.acquire(connection) else { throw CancellationError() }
                        // On the connection's loop: its statements are written and answered
                        // there without crossing threads, and `guardedQuery` needs no hop.
                        return .done(try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                            try await body(connection)
                        })
                    }
                }
                group.addTask {
                    // Waiting longer than a moment: the pool may be failing to connect (it does
                    // not fail the waiting leases then). A probe that cannot connect either
                    // ends the wait at once.
                    let probeAt = ContinuousClock.now + .milliseconds(200)
                    var probed = probe == nil
                    while ContinuousClock.now < deadline, !generation.isRetired, lease.acquired == nil {
                        try await Task.sleep(for: min(.milliseconds(20), ContinuousClock.now.duration(to: deadline)))
                        if !probed, ContinuousClock.now >= probeAt, let probe {
                            probed = true
                            if await !probe() {
                                guard lease.giveUp() else {
                                    try await Self.closeWhenOverdue(lease, limit: callLimit, logger: logger)
                                    return .waiting
                                }
                                throw SharedStoreError.unavailable("no database connection: the database does not answer")
                            }
                        }
                    }
                    guard lease.giveUp() else {
                        try await Self.closeWhenOverdue(lease, limit: callLimit, logger: logger)
                        return .waiting
                    }
                    if generation.isRetired, ContinuousClock.now < deadline { return .replaced }
                    throw SharedStoreError.unavailable("no database connection within \(Self.connectionWait) (the log at level info says why connecting failed)")
                }
                while let next = try await group.next() {
                    switch next {
                    case .done(let result):
                        group.cancelAll()
                        return result
                    case .replaced:
                        group.cancelAll()
                        return nil
                    case .waiting:
                        continue
                    }
                }
                throw CancellationError()
            }
        }
    }
}

extension PostgresStore {
    /// Once a call has held its connection for `limit`, closes that connection: its statement
    /// fails and the call ends. Cancelled (the call ended in time) while it waits.
    fileprivate static func closeWhenOverdue(_ lease: LeaseState, limit: Duration, logger: Logger) async throws {
        guard let (connection, acquired) = lease.acquired else { return }
        try await Task.sleep(until: acquired + limit, clock: .continuous)
        logger.warning("a database call held its connection too long; closing the connection", metadata: [
            "limit": "\(limit)", "connection": "\(connection.id)",
        ])
        try? await connection.close()
    }
}

private enum LeaseOutcome<Result: Sendable>: Sendable {
    case done(Result)
    /// The pool was replaced before a connection was leased: try the new one.
    case replaced
    /// The wait ran out after a connection was leased: the body runs to its end.
    case waiting
}

/// One pool of connections and the task that runs it. Replaced pools close once their last
/// lease ends.
final class PoolGeneration: Sendable {
    let client: PostgresClient
    private let running: Task<Void, Never>
    private let state = Mutex(State())

    private struct State {
        var leases = 0
        var retired = false
        var onStopped: (@Sendable () -> Void)?
        var stopped = false
    }

    /// Finishes when the pool's task runs (a lease before that logs a warning).
    private let started: AsyncStream<Void>

    init(configuration: PostgresClient.Configuration, logger: Logger) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        let (started, starting) = AsyncStream<Void>.makeStream()
        self.started = started
        running = Task {
            starting.finish()
            await client.run()
        }
    }

    /// Waits until the pool runs. One caller only (the one that created it).
    func waitUntilRunning() async {
        for await _ in started {}
        await Task.yield()
    }

    var isRetired: Bool { state.withLock { $0.retired } }

    /// False when the pool is already stopped.
    func enter() -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.leases += 1
            return true
        }
    }

    func leave() {
        let stop: (@Sendable () -> Void)? = state.withLock { state in
            state.leases -= 1
            return Self.stopIfDrained(&state)
        }
        if let stop { stopNow(then: stop) }
    }

    /// No new leases; stops once the last one ends, then calls `stopped`.
    func retire(stopped: @escaping @Sendable () -> Void) {
        let stop: (@Sendable () -> Void)? = state.withLock { state in
            state.retired = true
            state.onStopped = stopped
            return Self.stopIfDrained(&state)
        }
        if let stop { stopNow(then: stop) }
    }

    private static func stopIfDrained(_ state: inout State) -> (@Sendable () -> Void)? {
        guard state.retired, state.leases == 0, !state.stopped else { return nil }
        state.stopped = true
        return state.onStopped ?? {}
    }

    private func stopNow(then stopped: @escaping @Sendable () -> Void) {
        running.cancel()
        stopped()
    }

    /// Stops the pool and waits for it, at most `wait`: postgres-nio's `run()` ends only when
    /// every connection has closed, and a pool still connecting to a host that stopped
    /// answering held a test run for good (twice, in `aDatabaseThatNeverAnswers…`). A stop
    /// must not hang on the database; the pool's task ends on its own when its sockets do.
    /// Returns false when it gave up waiting.
    @discardableResult
    func shutdown(wait: Duration = .seconds(5)) async -> Bool {
        state.withLock { $0.stopped = true }
        running.cancel()
        let running = running
        let race = FirstOfTwo()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let timer = Task {
                try? await Task.sleep(for: wait)
                if race.claim() { continuation.resume(returning: false) }
            }
            Task {
                await running.value
                timer.cancel()
                if race.claim() { continuation.resume(returning: true) }
            }
        }
    }
}

/// Who won the race between leasing a connection and the wait running out, and which
/// connection the call holds since when.
private final class LeaseState: Sendable {
    private enum State {
        case waiting
        case acquired(PostgresConnection, at: ContinuousClock.Instant)
        case gaveUp
    }
    private let state = Mutex(State.waiting)

    /// False if the wait already ran out (the connection goes straight back).
    func acquire(_ connection: PostgresConnection) -> Bool {
        state.withLock { state in
            guard case .waiting = state else { return false }
            state = .acquired(connection, at: .now)
            return true
        }
    }

    /// False if a connection was already leased.
    func giveUp() -> Bool {
        state.withLock { state in
            guard case .waiting = state else { return false }
            state = .gaveUp
            return true
        }
    }

    var acquired: (PostgresConnection, ContinuousClock.Instant)? {
        state.withLock { state in
            guard case .acquired(let connection, let at) = state else { return nil }
            return (connection, at)
        }
    }
}
