import BatonCore

/// One group's history in order, without a gap or a duplicate, from a subscription's items:
/// an event right after the last one delivered goes out as it is; anything else (an event
/// beyond a gap, a notice of history committed elsewhere) is read from the store from the
/// last delivered sequence on.
/// Events in order from a subscription's items, reading what is missing from the store.
protocol EventFeed: Sendable {
    /// Everything stored after the starting point (a resume).
    mutating func catchUp() async throws -> [GroupEvent]
    /// What to send for one item of the subscription.
    mutating func accept(_ item: EventHub.Item) async throws -> [GroupEvent]
}

struct GroupFeed: EventFeed {
    let key: GroupKey
    /// The last sequence delivered; nil before the first when the feed started "from now".
    private(set) var delivered: Int64?
    /// Reads up to `limit` events of the group after a sequence, from the store.
    let read: @Sendable (_ after: Int64, _ limit: Int) async throws -> [GroupEvent]

    static let readLimit = 500

    init(key: GroupKey, after: Int64?, read: @escaping @Sendable (_ after: Int64, _ limit: Int) async throws -> [GroupEvent]) {
        self.key = key
        self.delivered = after
        self.read = read
    }

    /// Everything stored after the starting point (a resume), in pages.
    mutating func catchUp() async throws -> [GroupEvent] {
        guard let start = delivered else { return [] }
        return try await readAll(after: start)
    }

    /// What to send for one item of the subscription.
    mutating func accept(_ item: EventHub.Item) async throws -> [GroupEvent] {
        switch item {
        case .event(let event):
            guard event.group == key else { return [] }
            guard let last = delivered else {
                delivered = event.sequence
                return [event]
            }
            if event.sequence <= last { return [] }
            if event.sequence == last + 1 {
                delivered = event.sequence
                return [event]
            }
            return try await readAll(after: last)
        case .poke(let group, let first, let last):
            guard group == key else { return [] }
            if let delivered, last <= delivered { return [] }
            return try await readAll(after: delivered ?? (first - 1))
        case .resync:
            guard let delivered else { return [] }
            return try await readAll(after: delivered)
        case .tick, .upcoming:
            return []
        }
    }

    private mutating func readAll(after start: Int64) async throws -> [GroupEvent] {
        var all: [GroupEvent] = []
        var cursor = start
        while true {
            let page = try await read(cursor, Self.readLimit)
            all += page
            guard let last = page.last else { break }
            cursor = last.sequence
            if page.count < Self.readLimit { break }
        }
        if let last = all.last { delivered = max(delivered ?? last.sequence, last.sequence) }
        return all
    }
}
