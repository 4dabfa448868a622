import Foundation

/// HCX HA groups: `/hybridity/api/interconnect/appliances/ha/groups`.
extension BatonClient {
    /// The tenant's HA groups, by id (only those of `serviceMeshID` when given).
    public func haGroups(serviceMeshID: String? = nil) async throws -> [HCXHAGroup] {
        let query = serviceMeshID.map { Self.query([("serviceMeshId", $0)]) } ?? ""
        return try await send(.GET, Self.hcxBase + "/appliances/ha/groups" + query)
            .decode(HCXItems<HCXHAGroup>.self).items
    }

    public func haGroup(_ id: String) async throws -> HCXHAGroup {
        try await send(.GET, haGroupPath(id)).decode(HCXHAGroup.self)
    }

    /// Creates an HA group of registered appliances (admin role); answers the task.
    public func createHAGroup(_ creation: HCXHAGroupCreation) async throws -> HCXGroupAction {
        try await send(.POST, Self.hcxBase + "/appliances/ha/groups", json: creation).decode(HCXGroupAction.self)
    }

    /// Deletes an HA group and releases its appliances; `force` cancels a running failover.
    @discardableResult
    public func deleteHAGroup(_ id: String, force: Bool = false) async throws -> HCXGroupAction {
        try await send(.DELETE, haGroupPath(id) + (force ? "?force=true" : "")).decode(HCXGroupAction.self)
    }

    /// Moves the ACTIVE role to the best live STANDBY (operator role); answers the task. A
    /// refusal is a `BatonAPIError` with status 409 and `code` `NoLiveStandby`,
    /// `FailoverInProgress` or `RoleOverrideHolds`.
    public func forceFailover(ofHAGroup id: String) async throws -> HCXGroupAction {
        try await send(.POST, haGroupPath(id) + "/forceFailover").decode(HCXGroupAction.self)
    }

    /// The history of the HA groups of a service mesh, oldest first: only `groupIDs` when
    /// given, only between `start` and `end` (inclusive) when given.
    public func haGroupTimeline(serviceMeshID: String, groupIDs: [String] = [], start: Date? = nil,
                                end: Date? = nil) async throws -> [HCXTimelineEvent] {
        var query: [(String, String)] = []
        if let start { query.append(("startTime", WireTime.format(start))) }
        if let end { query.append(("endTime", WireTime.format(end))) }
        if !groupIDs.isEmpty { query.append(("haGroupIDs", groupIDs.joined(separator: ","))) }
        return try await send(
            .GET, Self.hcxBase + "/appliances/ha/groups/events/" + Self.segment(serviceMeshID) + Self.query(query))
            .decode(HCXItems<HCXTimelineEvent>.self).items
    }

    func haGroupPath(_ id: String) -> String {
        Self.hcxBase + "/appliances/ha/groups/" + Self.segment(id)
    }
}
