import Foundation

/// A group's history: pages, the long poll and the Server-Sent Events streams.
extension BatonClient {
    /// One page of the group's history, oldest first.
    public func events(of group: String, skip: Int = 0, count: Int = 100) async throws -> Page<GroupEvent> {
        let answer = try await send(
            .GET, groupPath(group) + "/events" + Self.query([("skip", "\(skip)"), ("count", "\(count)")]))
        return Page(items: try answer.decode([GroupEvent].self), totalCount: answer.totalCount)
    }

    /// The last `count` events of the group's history, oldest first.
    public func recentEvents(of group: String, count: Int) async throws -> [GroupEvent] {
        let total = try await events(of: group, skip: 0, count: 0).totalCount ?? 0
        return try await events(of: group, skip: max(0, total - count), count: min(count, 1000)).items
    }

    /// The events after sequence `after` (up to `count`); with `wait` a long poll: answered
    /// as soon as there is one, or empty when `wait` (at most 60 s) runs out.
    public func events(of group: String, after: Int, wait: Duration? = nil, count: Int = 100) async throws -> [GroupEvent] {
        var query = [("after", "\(after)"), ("count", "\(count)")]
        var timeout: Duration?
        if let wait {
            let seconds = max(0, min(60, Int(wait.components.seconds)))
            query.append(("wait", "\(seconds)s"))
            timeout = .seconds(seconds) + configuration.requestTimeout
        }
        return try await send(.GET, groupPath(group) + "/events" + Self.query(query), timeout: timeout)
            .decode([GroupEvent].self)
    }

    /// The group's events as they are committed (Server-Sent Events): from `after` when
    /// given (no gap, no duplicate), else from the next one. A refusal (404, 403) is thrown
    /// here; the sequence ends with `BatonClientError.streamClosed` when the server ends it.
    public func eventStream(of group: String, after: Int? = nil) async throws -> AsyncThrowingStream<GroupEvent, any Error> {
        let query = after.map { Self.query([("after", "\($0)")]) } ?? ""
        let response = try await open(groupPath(group) + "/events/stream" + query)
        return messages(of: response) { message in
            try WireCoding.decoder.decode(GroupEvent.self, from: Data(message.data.utf8))
        }
    }

    /// Every readable group's events as they are committed: first a snapshot of each group's
    /// role state, then the events (each with `groupID`).
    public func namespaceEventStream() async throws -> AsyncThrowingStream<NamespaceStreamMessage, any Error> {
        let response = try await open(clientFailoverBase + "/events/stream")
        return messages(of: response) { message in
            let data = Data(message.data.utf8)
            if message.event == "snapshot" {
                return .snapshot(try WireCoding.decoder.decode(Snapshot.self, from: data).groups)
            }
            return .event(try WireCoding.decoder.decode(GroupEvent.self, from: data))
        }
    }

    private struct Snapshot: Decodable {
        var groups: [GroupOverview]

        enum CodingKeys: String, CodingKey { case groups = "Groups" }
    }
}
