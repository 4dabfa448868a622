import BatonCore

/// Where Baton keeps what must survive a crash. Every call is synchronous on purpose: the
/// coordinator writes inside its critical section, so no answer can reveal a change before
/// the store has it.
public protocol Store: Sendable {
    /// Everything needed to rebuild the engine after a restart.
    func loadSnapshot() throws -> EngineSnapshot
    /// Applies the changes atomically; durable when it returns.
    func commit(_ changes: [DurableChange]) throws
    /// Writes soft state (last heartbeats, watermarks). May be lost in a crash.
    func writeSoftState(_ batch: SoftStateBatch) throws
    /// One page of a group's history, oldest first, with the total count.
    func events(of group: GroupKey, skip: Int, count: Int) throws -> EventPage
    /// Up to `limit` events of a group's history with a sequence above `sequence`, oldest
    /// first: what a subscriber that saw `sequence` has missed.
    func events(of group: GroupKey, after sequence: Int64, limit: Int) throws -> [GroupEvent]
    /// Throws unless the store answers a trivial read (readiness).
    func check() throws
    /// Lets another coordinator use the store; the last call of a graceful shutdown.
    func close()
}

public struct EventPage: Sendable, Equatable {
    public var events: [GroupEvent]
    public var total: Int

    public init(events: [GroupEvent], total: Int) {
        self.events = events
        self.total = total
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case dataDirectoryUnavailable(path: String, reason: String)
    case dataDirectoryLocked(path: String)

    public var description: String {
        switch self {
        case .dataDirectoryUnavailable(let path, let reason):
            return "cannot use data directory \(path): \(reason)"
        case .dataDirectoryLocked(let path):
            return "data directory \(path) is in use by another Baton process; two coordinators on one embedded store would each elect their own Primary"
        }
    }
}
