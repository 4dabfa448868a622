import Foundation

/// Client Failover groups: `…/clientfailover/groups`.
extension BatonClient {
    /// One page of the groups, by id.
    public func groups(skip: Int = 0, count: Int = 100) async throws -> Page<GroupConfiguration> {
        let answer = try await send(.GET, clientFailoverBase + "/groups" + Self.query([("skip", "\(skip)"), ("count", "\(count)")]))
        return Page(items: try answer.decode([GroupConfiguration].self), totalCount: answer.totalCount)
    }

    /// Every group, by id, read a page at a time.
    public func allGroups() async throws -> [GroupConfiguration] {
        try await collectPages { skip in try await groups(skip: skip, count: 1000) }
    }

    public func group(_ id: String) async throws -> GroupConfiguration {
        try await send(.GET, groupPath(id)).decode(GroupConfiguration.self)
    }

    /// Creates a group; the same configuration again changes nothing.
    @discardableResult
    public func createGroup(_ configuration: GroupConfiguration) async throws -> GroupConfiguration {
        try await send(.POST, clientFailoverBase + "/groups", json: configuration)
            .decode(GroupConfiguration.self)
    }

    /// Creates the group or replaces its whole configuration.
    @discardableResult
    public func putGroup(_ configuration: GroupConfiguration) async throws -> GroupConfiguration {
        try await send(.PUT, groupPath(configuration.id), json: configuration)
            .decode(GroupConfiguration.self)
    }

    /// Deletes a group that has no sessions.
    public func deleteGroup(_ id: String) async throws {
        _ = try await send(.DELETE, groupPath(id))
    }

    func groupPath(_ id: String) -> String {
        clientFailoverBase + "/groups/" + Self.segment(id)
    }

    func collectPages<Element>(_ page: (Int) async throws -> Page<Element>) async throws -> [Element] {
        var all: [Element] = []
        while true {
            let next = try await page(all.count)
            all += next.items
            if next.items.isEmpty || all.count >= (next.totalCount ?? 0) { return all }
        }
    }
}

extension Answer {
    var totalCount: Int? { headers.first(name: "Total-Count").flatMap(Int.init) }
}
