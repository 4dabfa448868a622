import BatonCore
import Hummingbird

/// The two kinds of history stream both APIs serve, whatever the words of their events:
/// one group's (resumable: `id:` is the sequence, `Last-Event-ID` / `?after=`), and every
/// readable group of a namespace (a snapshot first, then each group's events; no resume).
enum EventStreams {
    /// One group's history as Server-Sent Events, from `after` (nil: from now on). With
    /// `upcoming` (a member's hints), events being committed are also written as they are
    /// committed, without an `id:` (`EventHub.Item.upcoming`).
    static func group(
        _ key: GroupKey, after: Int64?, context: BatonRequestContext, coordinator: any Coordinator,
        upcoming: Bool = false, render: @escaping ServerSentEvents.Render
    ) async throws -> Response {
        let principal = context.principal
        // Reading is allowed (and the group exists) before anything is held open.
        _ = try await coordinator.events(of: key, after: Int64.max, limit: 0, as: principal)
        let subscription: Subscription
        do {
            subscription = try coordinator.eventHub.subscribe(
                .init(key), principal: StreamRequest.holder(context), keepAlive: ServerSentEvents.keepAlive,
                upcoming: upcoming)
        } catch {
            throw StreamRequest.refusal(error)
        }
        // From now on: from the last sequence there is, read after subscribing so that
        // nothing committed in between is lost or sent twice.
        var start = after
        if start == nil { start = try await lastSequence(of: key, principal: principal, coordinator: coordinator) }
        let feed = GroupFeed(key: key, after: start) { after, limit in
            try await coordinator.events(of: key, after: after, limit: limit, as: principal)
        }
        return ServerSentEvents.response(hub: coordinator.eventHub, subscription: subscription, feed: feed, render: render)
    }

    /// Every group of a namespace the principal may read. `snapshot` reads (in one engine
    /// operation, after subscribing, so nothing committed in between is lost or sent twice)
    /// the groups and what the stream opens with; ids are `groupId:sequence`. `learn` is told
    /// the configuration of each group that appears later, once it is found readable.
    static func namespace(
        tenant: String, namespace: String, context: BatonRequestContext, coordinator: any Coordinator,
        snapshot: @escaping @Sendable (Engine) throws -> (groups: [GroupOverview], opening: String),
        learn: @escaping @Sendable (GroupConfiguration) -> Void = { _ in },
        render: @escaping ServerSentEvents.Render
    ) async throws -> Response {
        let principal = context.principal
        let subscription: Subscription
        do {
            subscription = try coordinator.eventHub.subscribe(
                .init(tenant: tenant, namespace: namespace), principal: StreamRequest.holder(context),
                keepAlive: ServerSentEvents.keepAlive)
        } catch {
            throw StreamRequest.refusal(error)
        }
        let opened: (groups: [GroupOverview], opening: String)
        do {
            opened = try await coordinator.perform(as: principal, on: .tenant(tenant), snapshot)
        } catch {
            subscription.cancel()
            throw error
        }
        let feed = NamespaceFeed(
            tenant: tenant, namespace: namespace, snapshot: opened.groups,
            mayRead: { key in
                guard let configuration = try? await coordinator.perform(as: principal, on: .group(key), { try $0.configuration(of: key) })
                else { return false }
                learn(configuration)
                return true
            },
            read: { key, after, limit in try await coordinator.events(of: key, after: after, limit: limit, as: principal) })
        return ServerSentEvents.response(
            hub: coordinator.eventHub, subscription: subscription, feed: feed, opening: opened.opening, render: render)
    }

    static func lastSequence(of key: GroupKey, principal: Principal, coordinator: any Coordinator) async throws -> Int64 {
        let total = try await coordinator.events(of: key, skip: 0, count: 0, as: principal).total
        guard total > 0 else { return 0 }
        return try await coordinator.events(of: key, skip: total - 1, count: 1, as: principal).events.last?.sequence ?? 0
    }
}
