import enum BatonCore.TimeSpan
import Foundation

/// Role overrides and drains: `…/clientsessions/{id}/roleoverride`.
extension BatonClient {
    /// Sets (`.primary`, `.secondary`) or clears (`.off`) a session's role override, for
    /// `period` seconds or until changed. `.primary` clears every other Primary override of
    /// the group; `.secondary` is a drain.
    @discardableResult
    public func setRoleOverride(_ value: RoleOverride, for session: String, in group: String,
                                period: Duration? = nil) async throws -> RoleOverrideAnswer {
        let body = RoleOverrideRequest(value: value.rawValue, expirationPeriod: period.map(TimeSpan.format))
        return try await send(.POST, sessionPath(session, in: group) + "/roleoverride", json: body)
            .decode(RoleOverrideAnswer.self)
    }

    /// Drains a session (a `Secondary` override): it is never eligible while the drain holds;
    /// a drained Primary hands over.
    @discardableResult
    public func drain(_ session: String, in group: String, period: Duration? = nil) async throws -> RoleOverrideAnswer {
        try await setRoleOverride(.secondary, for: session, in: group, period: period)
    }

    /// Ends a drain (clears the override).
    @discardableResult
    public func undrain(_ session: String, in group: String) async throws -> RoleOverrideAnswer {
        try await setRoleOverride(.off, for: session, in: group)
    }

    private struct RoleOverrideRequest: Encodable {
        var value: Int
        var expirationPeriod: String?

        enum CodingKeys: String, CodingKey { case value = "Value", expirationPeriod = "ExpirationPeriod" }
    }
}
