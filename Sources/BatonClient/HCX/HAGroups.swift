import enum BatonCore.TimeSpan
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

    // MARK: Baton extensions: steering and watching HA groups

    /// Pauses automatic failover of an HA group (operator role); answers the group.
    @discardableResult
    public func pauseHAGroup(_ id: String, reason: String? = nil) async throws -> HCXHAGroup {
        try await send(.POST, haGroupPath(id) + "/pause", json: HCXPauseRequest(reason: reason)).decode(HCXHAGroup.self)
    }

    /// Ends a pause (operator role); answers the group.
    @discardableResult
    public func resumeHAGroup(_ id: String, reason: String? = nil) async throws -> HCXHAGroup {
        try await send(.POST, haGroupPath(id) + "/resume", json: HCXPauseRequest(reason: reason)).decode(HCXHAGroup.self)
    }

    /// Sets (`.primary`: the desired ACTIVE, `.secondary`: drained) or clears (`.off`) an
    /// appliance's role override, for `period` or until changed (operator role).
    @discardableResult
    public func setRoleOverride(_ value: RoleOverride, forAppliance appliance: String, inHAGroup group: String,
                                period: Duration? = nil) async throws -> HCXRoleOverrideAnswer {
        let word = switch value {
        case .primary: "ACTIVE"
        case .secondary: "STANDBY"
        case .off: "OFF"
        }
        let body = HCXRoleOverrideRequest(value: word, expirationPeriod: period.map(TimeSpan.format))
        return try await send(.POST, haGroupPath(group) + "/appliances/" + Self.segment(appliance) + "/roleOverride", json: body)
            .decode(HCXRoleOverrideAnswer.self)
    }

    /// One page of an HA group's history, oldest first, with the total.
    public func haGroupEvents(of id: String, offset: Int = 0, pageSize: Int = 100) async throws -> HCXEventPage {
        try await send(.GET, haGroupPath(id) + "/events" + Self.query([("offset", "\(offset)"), ("pageSize", "\(pageSize)")]))
            .decode(HCXEventPage.self)
    }

    /// The last `count` events of an HA group's history, oldest first.
    public func recentHAGroupEvents(of id: String, count: Int) async throws -> [HCXTimelineEvent] {
        let total = try await haGroupEvents(of: id, offset: 0, pageSize: 0).paging.totalSize
        return try await haGroupEvents(of: id, offset: max(0, total - count), pageSize: min(count, 1000)).items
    }

    /// An HA group's events as they are committed (Server-Sent Events): from `after` when
    /// given (no gap, no duplicate), else from the next one. A refusal (404, 403) is thrown
    /// here; the sequence ends with `BatonClientError.streamClosed` when the server ends it.
    public func haGroupEventStream(of id: String, after: Int? = nil) async throws -> AsyncThrowingStream<HCXTimelineEvent, any Error> {
        let query = after.map { Self.query([("after", "\($0)")]) } ?? ""
        let response = try await open(haGroupPath(id) + "/events/stream" + query)
        return messages(of: response) { message in
            try WireCoding.decoder.decode(HCXTimelineEvent.self, from: Data(message.data.utf8))
        }
    }

    /// Every readable HA group of the tenant: first a snapshot of the groups, then their events.
    public func haEventStream() async throws -> AsyncThrowingStream<HCXStreamMessage, any Error> {
        let response = try await open(Self.hcxBase + "/appliances/ha/events/stream")
        return messages(of: response) { message in
            let data = Data(message.data.utf8)
            if message.event == "snapshot" {
                return .snapshot(try WireCoding.decoder.decode(HCXItems<HCXHAGroup>.self, from: data).items)
            }
            return .event(try WireCoding.decoder.decode(HCXTimelineEvent.self, from: data))
        }
    }

    private struct HCXPauseRequest: Encodable {
        var reason: String?
    }

    private struct HCXRoleOverrideRequest: Encodable {
        var value: String
        var expirationPeriod: String?
    }

    func haGroupPath(_ id: String) -> String {
        Self.hcxBase + "/appliances/ha/groups/" + Self.segment(id)
    }
}
