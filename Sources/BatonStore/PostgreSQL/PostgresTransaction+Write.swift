import BatonCore
import PostgresNIO

extension PostgresTransaction {
    /// One statement per kind of change, whatever the number of rows: every column is bound
    /// as an array and `unnest` makes the rows.
    func write(_ changes: SharedWrite) async throws {
        guard !changes.isEmpty else { return }
        if !changes.deletedGroups.isEmpty { try await deleteGroups(changes.deletedGroups) }
        if !changes.tombstones.isEmpty {
            try await rows(PostgresTables.tombstones.upsert(changes.tombstones.lastPerKey(\.key)))
        }

        let saved = changes.savedGroups.lastPerKey(\.image.key)
        let created = saved.filter { $0.expectedEpoch == nil }
        let updated = saved.filter { $0.expectedEpoch != nil }
        // A group this transaction created: if another instance created it meanwhile the
        // insert fails with a unique violation, which the caller sees as a conflict.
        if !created.isEmpty { try await rows(PostgresTables.groups.insert(created)) }
        if !updated.isEmpty { try await updateGroups(updated) }

        if !changes.deletedMembers.isEmpty {
            try await delete(PostgresTables.memberKeys, changes.deletedMembers.lastPerKey { $0 })
        }
        if !changes.changedMembers.isEmpty { try await updateMembers(changes.changedMembers.lastPerKey(\.record.key)) }
        if !changes.savedMembers.isEmpty {
            try await rows(
                PostgresTables.members.upsert(changes.savedMembers.lastPerKey(\.record.key)),
                preparedAs: PreparedQueries.UpsertMembers.self)
        }
        if !changes.events.isEmpty {
            try await rows(PostgresTables.events.insert(changes.events), preparedAs: PreparedQueries.InsertEvents.self)
            try await notify(changes.events)
        }
        if !changes.tasks.isEmpty { try await rows(PostgresTables.tasks.upsert(changes.tasks.lastPerKey(\.id))) }
        if !changes.deletedAppliances.isEmpty {
            try await delete(PostgresTables.applianceKeys, changes.deletedAppliances.lastPerKey { $0 })
        }
        if !changes.savedAppliances.isEmpty {
            try await rows(PostgresTables.appliances.upsert(changes.savedAppliances.lastPerKey(\.key)))
        }
        let lists = changes.collectionAccessControl.lastPerKey(\.0)
        let removed = lists.filter { $0.1 == nil }.map(\.0)
        let set = lists.compactMap { key, list in list.map { (key, $0) } }
        if !removed.isEmpty { try await delete(PostgresTables.collectionKeys, removed) }
        if !set.isEmpty { try await rows(PostgresTables.collectionAccessControl.upsert(set)) }
    }

    /// The groups with their members and history; their tasks stay (the audit trail).
    private func deleteGroups(_ keys: [GroupKey]) async throws {
        var bindings = PostgresBindings()
        let source = PostgresTables.groupKeys.unnest(keys, into: &bindings)
        try await rows(PostgresQuery(unsafeSQL: """
            WITH k AS (SELECT tenant, namespace, id FROM \(source)),
            deleted_groups AS (
                DELETE FROM baton_group AS g USING k WHERE g.tenant = k.tenant AND g.namespace = k.namespace AND g.id = k.id
            ),
            deleted_members AS (
                DELETE FROM baton_member AS m USING k
                WHERE m.tenant = k.tenant AND m.namespace = k.namespace AND m.group_id = k.id
            )
            DELETE FROM baton_event AS e USING k WHERE e.tenant = k.tenant AND e.namespace = k.namespace AND e.group_id = k.id
            """, binds: bindings))
    }

    /// The compare-and-set: a row is updated only if its epoch is still the one its image was
    /// loaded with; any row left out means another instance changed the group.
    private func updateGroups(_ groups: [SharedWrite.SavedGroup]) async throws {
        let updated = try await rows(Self.updateGroupsQuery(groups), preparedAs: PreparedQueries.UpdateGroups.self)
        guard updated.count < groups.count else { return }
        let written = Set(try updated.map { row in
            let (tenant, namespace, id) = try row.decode((String, String, String).self)
            return GroupKey(tenant: tenant, namespace: namespace, id: id)
        })
        let stale = groups.filter { !written.contains($0.image.key) }
            .map { "\($0.image.key) (expected epoch \($0.expectedEpoch.map(String.init) ?? "-"))" }
        throw conflictAfterSuccess("group changed or removed since it was read: \(stale.joined(separator: ", "))")
    }

    /// Members loaded with their (locked) group: an update in place, without the insert that an
    /// upsert tries first. A row that is not there means the group changed behind its lock.
    private func updateMembers(_ members: [MemberImage]) async throws {
        let updated = try await rows(PostgresTables.members.update(members), preparedAs: PreparedQueries.UpdateMembers.self)
        guard updated.count < members.count else { return }
        throw conflictAfterSuccess("\(members.count - updated.count) of \(members.count) members to update are gone")
    }

    /// A conflict found in the rows of a statement that itself succeeded: PostgreSQL would commit
    /// the transaction, so it is marked failed here and rolled back instead.
    private func conflictAfterSuccess(_ reason: String) -> SharedStoreError {
        failed.value.withLock { $0 = true }
        return .conflict(reason)
    }

    static func updateGroupsQuery(_ groups: [SharedWrite.SavedGroup]) -> PostgresQuery {
        let table = PostgresTables.groups
        var bindings = PostgresBindings()
        let source = table.unnest(groups, into: &bindings, extra: [PostgresTables.expectedEpoch])
        return PostgresQuery(unsafeSQL: """
            UPDATE baton_group AS g SET \(table.assignments(from: "v"))
            FROM \(source)
            WHERE \(table.keyMatch("g")) AND g.epoch = v.expected_epoch
            RETURNING g.tenant, g.namespace, g.id
            """, binds: bindings)
    }

    private func delete<Key>(_ keys: PostgresTable<Key>, _ values: [Key]) async throws {
        var bindings = PostgresBindings()
        let source = keys.unnest(values, into: &bindings)
        try await rows(PostgresQuery(
            unsafeSQL: "DELETE FROM \(keys.name) AS t USING \(source) WHERE \(keys.keyMatch("t"))", binds: bindings))
    }
}
