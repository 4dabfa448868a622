import Foundation

/// A group's role state, and pausing its automatic moves.
extension BatonClient {
    /// Who is Primary, who is about to be, the epoch and the pause.
    public func status(of group: String) async throws -> GroupStatus {
        try await send(.GET, groupPath(group) + "/status").decode(GroupStatus.self)
    }

    /// Pauses automatic role moves (operator role); answers the status, now paused.
    @discardableResult
    public func pause(_ group: String, reason: String? = nil) async throws -> GroupStatus {
        try await send(.POST, groupPath(group) + "/pause", json: PauseRequest(reason: reason))
            .decode(GroupStatus.self)
    }

    /// Ends a pause; answers the status, now running.
    @discardableResult
    public func resume(_ group: String, reason: String? = nil) async throws -> GroupStatus {
        try await send(.POST, groupPath(group) + "/resume", json: PauseRequest(reason: reason))
            .decode(GroupStatus.self)
    }

    private struct PauseRequest: Encodable {
        var reason: String?

        enum CodingKeys: String, CodingKey { case reason = "Reason" }
    }
}
