import BatonCore
import BatonStore

/// Runs engine operations for the HTTP layer and drives time. Two implementations: one
/// engine in memory over the embedded store (`LocalCoordinator`), and a fresh engine per
/// database transaction over a store several instances share (`SharedCoordinator`).
public protocol Coordinator: Sendable {
    /// Runs one engine operation on behalf of `principal` and makes what it changed durable
    /// before returning its result. `scope` names what the operation reads and changes, so
    /// a shared store can lock and load just that.
    func perform<Result: Sendable>(
        as principal: Principal, on scope: OperationScope, _ operation: @escaping @Sendable (Engine) throws -> Result
    ) async throws -> Result

    /// A page of a group's history, read from the store (the engine keeps none).
    func events(of key: GroupKey, skip: Int, count: Int, as principal: Principal) async throws -> EventPage
    /// Up to `limit` events of a group's history after `sequence`, oldest first.
    func events(of key: GroupKey, after sequence: Int64, limit: Int, as principal: Principal) async throws -> [GroupEvent]
    /// Nil while the coordinator and its timer work (`/livez`), else why not.
    func livenessProblem() async -> String?
    /// Nil while the store answers and the coordinator serves (`/readyz`), else why not.
    func readinessProblem() async -> String?
    /// Where committed events go out to this instance's streams.
    var eventHub: EventHub { get }
    /// What this instance counts and times (`/metrics`).
    var metrics: BatonMetrics { get }
    /// Group totals for `/metrics`; nil when the store cannot say now.
    func groupCounts() async -> GroupCounts?

    /// Processes every deadline that has come due (the timer does this; tests call it).
    func processDueDeadlines() async
    /// Writes soft state that is written lazily (the embedded store only).
    func flushSoftState() async
    func start() async
    /// Stops the timer and writes what is pending; the last step of a graceful shutdown.
    func shutdown() async
}

/// What an operation touches.
public enum OperationScope: Sendable, Hashable {
    /// One group (which may not exist yet): its row is locked for the operation.
    case group(GroupKey)
    /// Everything of one tenant: its groups, appliances, tasks and access control lists.
    case tenant(String)
}

public enum TimerMode: Sendable {
    /// A real timer sleeps until the next deadline (production).
    case automatic
    /// Deadlines are processed only by `processDueDeadlines()` (tests with a TestClock).
    case manual
}

public enum CoordinationFailure: Error, Equatable {
    /// The store could not be read or written; nothing was changed.
    case storeUnavailable(String)
    /// The connection to the store was lost after the change was sent to be committed: it
    /// may have been made or not (shared store only).
    case outcomeUnknown(String)
}
