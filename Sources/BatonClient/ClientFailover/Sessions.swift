import Foundation

/// Client sessions (a group's members) and their heartbeats: `…/groups/{id}/clientsessions`.
extension BatonClient {
    public func sessions(in group: String, skip: Int = 0, count: Int = 100) async throws -> Page<ClientSession> {
        let answer = try await send(
            .GET, groupPath(group) + "/clientsessions" + Self.query([("skip", "\(skip)"), ("count", "\(count)")]))
        return Page(items: try answer.decode([ClientSession].self), totalCount: answer.totalCount)
    }

    /// Every session of the group, by id.
    public func allSessions(in group: String) async throws -> [ClientSession] {
        try await collectPages { skip in try await sessions(in: group, skip: skip, count: 1000) }
    }

    public func session(_ id: String, in group: String) async throws -> ClientSession {
        try await send(.GET, sessionPath(id, in: group)).decode(ClientSession.self)
    }

    /// Registers a member (a Secondary until it heartbeats and is elected); registering it
    /// again with the same name changes nothing but `additionalData`.
    @discardableResult
    public func registerSession(_ id: String, name: String? = nil, additionalData: AnyJSON? = nil,
                                in group: String) async throws -> ClientSession {
        try await send(.POST, groupPath(group) + "/clientsessions",
                       json: SessionRegistration(id: id, name: name, additionalData: additionalData))
            .decode(ClientSession.self)
    }

    public func removeSession(_ id: String, from group: String) async throws {
        _ = try await send(.DELETE, sessionPath(id, in: group))
    }

    /// Renews the session's lease and answers its role and the group's epoch. See
    /// docs/lease-contract.md for what a member must do with the answer (`HeartbeatAgent`
    /// does it). `timeout` bounds the request (default: the configuration's `requestTimeout`);
    /// keep it under T/2.
    ///
    /// `hold` (a Baton extension, header `Baton-Hold`): when the answer would not be Primary,
    /// the server may hold it until the session's role changes, up to `hold` and at most T/2,
    /// so a successor hears of its promotion at once. `timeout` must then exceed `hold`. The
    /// lease of a held answer still runs from this call's send time (lease-contract.md §9).
    /// A client has at most four heartbeats held at once (each keeps a pooled connection
    /// busy); past that, `hold` is not asked for and the answer comes at once.
    public func heartbeat(_ session: String, in group: String, _ heartbeat: Heartbeat,
                          timeout: Duration? = nil, hold: Duration? = nil) async throws -> HeartbeatAnswer {
        let body = try WireCoding.encoder.encode(heartbeat)
        var request = try await makeRequest(.POST, sessionPath(session, in: group) + "/heartbeat", body: body)
        // The server holds a minute at most; clamped first so that no Duration overflows Int.
        let milliseconds = hold.map { Int(min(max($0, .zero), .seconds(60)) / .milliseconds(1)) } ?? 0
        let held = milliseconds > 0 && holdSlots.take()
        defer { if held { holdSlots.giveBack() } }
        if held { request.headers.add(name: "Baton-Hold", value: "\(milliseconds)") }
        return try await execute(request, timeout: timeout).decode(HeartbeatAnswer.self)
    }

    func sessionPath(_ id: String, in group: String) -> String {
        groupPath(group) + "/clientsessions/" + Self.segment(id)
    }

    private struct SessionRegistration: Encodable {
        var id: String
        var name: String?
        var additionalData: AnyJSON?

        enum CodingKeys: String, CodingKey {
            case id = "Id", name = "Name", additionalData = "AdditionalData"
        }
    }
}
