/// Who may do what: every operation of the engine first asks `authorize`, so the access
/// rule lives here with the other rules and no HTTP layer decides it.
public struct CollectionKey: Hashable, Sendable {
    public var tenant: String
    public var namespace: String

    public init(tenant: String, namespace: String) {
        self.tenant = tenant
        self.namespace = namespace
    }
}

extension Engine {
    /// Refuses unless the acting principal may perform an operation needing `requirement`
    /// on the group `key` (which need not exist: then the namespace's list applies).
    func authorize(_ requirement: AccessRequirement, on key: GroupKey) throws(EngineError) {
        let collection = collectionAccessControl[CollectionKey(tenant: key.tenant, namespace: key.namespace)]
        try check(AccessPolicy.decide(actor, needs: requirement, tenant: key.tenant,
                                      groupList: groups[key]?.accessControl, collectionList: collection))
    }

    /// The same for an operation on a whole namespace (list groups, its collection list).
    func authorize(_ requirement: AccessRequirement, on collection: CollectionKey) throws(EngineError) {
        try check(AccessPolicy.decide(actor, needs: requirement, tenant: collection.tenant,
                                      groupList: nil, collectionList: collectionAccessControl[collection]))
    }

    /// Refuses unless the acting principal may read in this namespace (the API's own root).
    public func checkReadable(_ collection: CollectionKey) throws(EngineError) {
        try authorize(.read, on: collection)
    }

    /// Whether the acting principal may read the group (used to filter listings).
    func mayRead(_ group: GroupState) -> Bool {
        (try? authorize(.read, on: group.key)) != nil
    }

    private func check(_ decision: AccessDecision) throws(EngineError) {
        if case .denied(let reason) = decision { throw .forbidden("\(actor) \(reason)") }
    }

    // MARK: Access control lists

    /// The group's own list; nil when it has none (its namespace's list, or the roles, decide).
    public func accessControl(of key: GroupKey) throws(EngineError) -> AccessControlList? {
        try authorize(.manageAccessControl, on: key)
        return try group(key).accessControl
    }

    public func setAccessControl(_ list: AccessControlList, on key: GroupKey) throws(EngineError) {
        try authorize(.manageAccessControl, on: key)
        let group = try group(key)
        group.accessControl = list
        dirtyGroups.insert(key)
        record(.accessControlChanged, in: group, at: clock.now(), reason: ChangeReason.configured.rawValue,
               detail: "\(list.entries.count) entries")
    }

    /// The list that applies to every group of a namespace without one of its own.
    public func collectionAccessControl(of collection: CollectionKey) throws(EngineError) -> AccessControlList? {
        try authorize(.manageAccessControl, on: collection)
        return collectionAccessControl[collection]
    }

    public func setCollectionAccessControl(_ list: AccessControlList, on collection: CollectionKey) throws(EngineError) {
        try Self.validate(collection)
        try authorize(.manageAccessControl, on: collection)
        collectionAccessControl[collection] = list
        dirtyCollections.insert(collection)
    }

    static func validate(_ collection: CollectionKey) throws(EngineError) {
        for (field, value) in [("tenantId", collection.tenant), ("namespaceId", collection.namespace)] {
            if let problem = IdentifierRule.problem(with: value) { throw .invalid(field: field, problem: problem) }
        }
    }
}
