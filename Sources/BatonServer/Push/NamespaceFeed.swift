import BatonCore

/// Every readable group of a namespace, each in order without a gap or a duplicate from the
/// point the stream opened: groups known then start after the sequence the snapshot showed,
/// groups created later from their first event. A group the principal may not read is left
/// out (checked once, when it first appears).
struct NamespaceFeed: EventFeed {
    private var feeds: [String: GroupFeed] = [:]
    private var unreadable: Set<String> = []
    let tenant: String
    let namespace: String
    /// Whether the principal may read a group (false also when it no longer exists).
    let mayRead: @Sendable (GroupKey) async -> Bool
    let read: @Sendable (GroupKey, _ after: Int64, _ limit: Int) async throws -> [GroupEvent]

    init(tenant: String, namespace: String, snapshot: [GroupOverview],
         mayRead: @escaping @Sendable (GroupKey) async -> Bool,
         read: @escaping @Sendable (GroupKey, _ after: Int64, _ limit: Int) async throws -> [GroupEvent]) {
        self.tenant = tenant
        self.namespace = namespace
        self.mayRead = mayRead
        self.read = read
        for group in snapshot {
            let key = group.key
            feeds[key.id] = GroupFeed(key: key, after: group.lastSequence) { after, limit in try await read(key, after, limit) }
        }
    }

    mutating func catchUp() async throws -> [GroupEvent] { [] }

    mutating func accept(_ item: EventHub.Item) async throws -> [GroupEvent] {
        switch item {
        case .event(let event):
            guard var feed = try await feed(for: event.group) else { return [] }
            defer { feeds[event.group.id] = feed }
            return try await feed.accept(item)
        case .poke(let key, _, _):
            guard var feed = try await feed(for: key) else { return [] }
            defer { feeds[key.id] = feed }
            return try await feed.accept(item)
        case .resync:
            var all: [GroupEvent] = []
            for id in feeds.keys.sorted() {
                all += try await feeds[id]!.accept(.resync)
            }
            return all
        case .tick, .upcoming:
            return []
        }
    }

    /// The group's feed; a group that appeared after the stream opened starts at its first event.
    private mutating func feed(for key: GroupKey) async throws -> GroupFeed? {
        guard key.tenant == tenant, key.namespace == namespace, !unreadable.contains(key.id) else { return nil }
        if let feed = feeds[key.id] { return feed }
        guard await mayRead(key) else {
            unreadable.insert(key.id)
            return nil
        }
        let read = read
        let feed = GroupFeed(key: key, after: 0) { after, limit in try await read(key, after, limit) }
        feeds[key.id] = feed
        return feed
    }
}
