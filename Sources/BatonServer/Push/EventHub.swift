import BatonCore
import Synchronization

/// Where committed history goes out to the streams open on this instance (DESIGN.md "Pushed
/// news is a hint, never a grant"). The coordinators publish each event once it is durable;
/// in shared mode the store's change notices (`poke`) say that another instance committed
/// history, and the subscriber reads what it missed from the store. Subscribers never trust
/// the hub for completeness: they track the last sequence they delivered and fill any gap
/// from the store, so a dropped notice costs a read, never an event.
///
/// Bounded: a subscriber has a fixed buffer, and one that falls behind by a full buffer is
/// ended (`End.slowConsumer`) instead of being buffered for ever; each principal may hold a
/// limited number of subscriptions.
public final class EventHub: Sendable {
    /// What a subscription sees: one group, or every group of a namespace.
    public struct Filter: Sendable, Hashable {
        public var tenant: String
        public var namespace: String
        /// Nil: every group of the namespace.
        public var group: String?

        public init(tenant: String, namespace: String, group: String? = nil) {
            self.tenant = tenant
            self.namespace = namespace
            self.group = group
        }

        public init(_ key: GroupKey) {
            self.init(tenant: key.tenant, namespace: key.namespace, group: key.id)
        }

        func matches(_ key: GroupKey) -> Bool {
            key.tenant == tenant && key.namespace == namespace && (group == nil || group == key.id)
        }
    }

    public enum Item: Sendable {
        /// An event this instance committed.
        case event(GroupEvent)
        /// An event this instance is committing right now: not history yet (it may still fail),
        /// only for subscriptions that asked (`subscribe(upcoming:)`, the members' hint
        /// streams), so that a member told "heartbeat now" sends that heartbeat while the commit
        /// is on its way to disk. The heartbeat waits behind the commit all the same: nothing is
        /// answered from state that is not durable.
        case upcoming(GroupEvent)
        /// The group's history gained the events `first...last` (committed elsewhere): read them.
        case poke(GroupKey, first: Int64, last: Int64)
        /// Notices may have been missed (shared mode lost its listening connection): re-read.
        case resync
        /// Nothing happened for a keep-alive interval: time to show the connection is alive.
        case tick
    }

    /// Why a subscription ended.
    public enum End: Sendable, Equatable {
        case slowConsumer
        case shutdown
        case cancelled
    }

    public enum Refusal: Error, Equatable {
        /// The principal holds `limit` subscriptions already.
        case tooManyStreams(limit: Int)
        case shuttingDown
    }

    /// What a subscription is for: each kind has its own allowance per principal.
    public enum Purpose: Sendable, Hashable {
        /// A stream a client reads (events, hints).
        case stream
        /// A heartbeat whose answer is held until the member's role changes (`Baton-Hold`).
        /// Past its allowance a heartbeat is answered at once instead of refused.
        case heldHeartbeat
    }

    /// Subscriptions one principal may hold at once.
    public let streamsPerPrincipal: Int
    /// Heartbeats one principal may have held at once (one per member at most, normally).
    public let heldHeartbeatsPerPrincipal: Int
    /// Items buffered for one subscriber before it counts as too slow.
    public let bufferLimit: Int

    private struct Holder: Hashable {
        let principal: String
        let purpose: Purpose
    }

    private struct Subscriber {
        let filter: Filter
        let upcoming: Bool
        let holder: Holder
        let continuation: AsyncStream<Item>.Continuation
        let ending: Ending
    }

    private struct State {
        var nextID: UInt64 = 1
        var subscribers: [UInt64: Subscriber] = [:]
        var perPrincipal: [Holder: Int] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    public init(streamsPerPrincipal: Int = 32, heldHeartbeatsPerPrincipal: Int = 4_096, bufferLimit: Int = 1_024) {
        self.streamsPerPrincipal = max(streamsPerPrincipal, 1)
        self.heldHeartbeatsPerPrincipal = max(heldHeartbeatsPerPrincipal, 1)
        self.bufferLimit = max(bufferLimit, 1)
    }

    /// Subscriptions open now, for metrics and tests.
    public var openSubscriptions: Int { state.withLock { $0.subscribers.count } }

    /// Whether anyone on this instance watches `key` (shared mode reads notices only then).
    public func isWatched(_ key: GroupKey) -> Bool {
        state.withLock { state in state.subscribers.values.contains { $0.filter.matches(key) } }
    }

    /// Opens a subscription; with `keepAlive`, a `.tick` comes every interval so a reader
    /// can keep an idle connection alive and notice a client that went away; with `upcoming`,
    /// events being committed come as `.upcoming` before they come as `.event`.
    public func subscribe(_ filter: Filter, principal: String, keepAlive: Duration? = nil,
                          upcoming: Bool = false, purpose: Purpose = .stream) throws(Refusal) -> Subscription {
        let (stream, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingOldest(bufferLimit))
        let ending = Ending()
        let holder = Holder(principal: principal, purpose: purpose)
        let limit = purpose == .stream ? streamsPerPrincipal : heldHeartbeatsPerPrincipal
        let id: UInt64 = try state.withLock { (state: inout State) throws(Refusal) -> UInt64 in
            guard !state.closed else { throw .shuttingDown }
            let held = state.perPrincipal[holder, default: 0]
            guard held < limit else { throw .tooManyStreams(limit: limit) }
            let id = state.nextID
            state.nextID += 1
            state.perPrincipal[holder] = held + 1
            state.subscribers[id] = Subscriber(filter: filter, upcoming: upcoming, holder: holder,
                                               continuation: continuation, ending: ending)
            return id
        }
        let ticker = keepAlive.map { interval in
            Task {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    if case .terminated = continuation.yield(.tick) { return }
                }
            }
        }
        continuation.onTermination = { [weak self] _ in
            ticker?.cancel()
            self?.remove(id)
        }
        return Subscription(items: stream, ending: ending) { [weak self] in
            self?.end(id, because: .cancelled)
        }
    }

    /// Hands committed events to every subscriber whose filter matches.
    public func publish(_ events: [GroupEvent]) {
        guard !events.isEmpty else { return }
        deliver { subscriber in events.filter { subscriber.filter.matches($0.group) }.map(Item.event) }
    }

    /// Hands events being committed now to the subscribers that asked for them (`.upcoming`).
    public func announce(_ events: [GroupEvent]) {
        guard !events.isEmpty else { return }
        deliver { subscriber in
            subscriber.upcoming ? events.filter { subscriber.filter.matches($0.group) }.map(Item.upcoming) : []
        }
    }

    /// Tells subscribers of `key` that its history gained `first...last` (committed elsewhere).
    public func poke(_ key: GroupKey, first: Int64, last: Int64) {
        deliver { subscriber in subscriber.filter.matches(key) ? [.poke(key, first: first, last: last)] : [] }
    }

    /// Tells every subscriber to re-read what it may have missed.
    public func resync() {
        deliver { _ in [.resync] }
    }

    /// Ends one subscription for a graceful shutdown of its connection.
    func endForShutdown(_ subscription: Subscription) {
        subscription.ending.record(.shutdown)
        subscription.cancel()
    }

    /// Ends every subscription (graceful shutdown); later subscriptions are refused.
    public func shutdown() {
        let all = state.withLock { state in
            state.closed = true
            return Array(state.subscribers.keys)
        }
        for id in all { end(id, because: .shutdown) }
    }

    private func deliver(_ items: (Subscriber) -> [Item]) {
        let subscribers = state.withLock { Array($0.subscribers) }
        var slow: [UInt64] = []
        for (id, subscriber) in subscribers {
            for item in items(subscriber) {
                if case .dropped = subscriber.continuation.yield(item) {
                    slow.append(id)
                    break
                }
            }
        }
        for id in slow { end(id, because: .slowConsumer) }
    }

    private func end(_ id: UInt64, because reason: End) {
        guard let subscriber = state.withLock({ $0.subscribers[id] }) else { return }
        subscriber.ending.record(reason)
        subscriber.continuation.finish()
    }

    private func remove(_ id: UInt64) {
        state.withLock { state in
            guard let subscriber = state.subscribers.removeValue(forKey: id) else { return }
            let held = state.perPrincipal[subscriber.holder, default: 1] - 1
            state.perPrincipal[subscriber.holder] = held > 0 ? held : nil
        }
    }
}

/// One subscription: its items, then why it ended. Cancel it when the reader goes away.
public struct Subscription: Sendable {
    public let items: AsyncStream<EventHub.Item>
    let ending: Ending
    public let cancel: @Sendable () -> Void

    /// Why the items stopped (nil while they have not).
    public var end: EventHub.End? { ending.reason }
}

/// The first reason a subscription ended.
final class Ending: Sendable {
    private let value = Mutex<EventHub.End?>(nil)

    func record(_ reason: EventHub.End) {
        value.withLock { if $0 == nil { $0 = reason } }
    }

    var reason: EventHub.End? { value.withLock { $0 } }
}
