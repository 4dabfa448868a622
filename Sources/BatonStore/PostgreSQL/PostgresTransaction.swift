import BatonCore
import Logging
import PostgresNIO
import Synchronization

/// One transaction of `PostgresStore.transaction`, on the one connection it leased. Valid only
/// inside the body it was given to.
struct PostgresTransaction: SharedTransaction {
    let connection: PostgresConnection
    let logger: Logger
    /// Set when a statement failed: PostgreSQL then rolls back whatever COMMIT says, so a body
    /// that caught the error and returned must not be reported as committed.
    let failed: Failed

    final class Failed: Sendable {
        let value = Mutex(false)
    }

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
        failed = Failed()
    }

    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await connection.query(query, logger: logger).collect()
        } catch {
            failed.value.withLock { $0 = true }
            throw error
        }
    }

    /// `clock_timestamp()` as nanoseconds since the Unix epoch (its resolution is microseconds).
    static let clockNanoseconds = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint * 1000"

    func now(clockSkew: Duration) async throws -> SharedClockReading {
        let rows = try await rows(PostgresQuery(unsafeSQL: """
            SELECT \(Self.clockNanoseconds) AS now_ns, (SELECT resumed_at_ns FROM baton_service) AS resumed_at_ns
            """))
        return try Self.reading(rows.first, clockSkew: clockSkew)
    }

    private static func reading(_ row: PostgresRow?, clockSkew: Duration) throws -> SharedClockReading {
        guard let row = row?.makeRandomAccess() else { throw PostgresRows.Malformed(description: "no clock reading") }
        return SharedClockReading(
            now: Instant(nanoseconds: try row.value("now_ns", as: Int64.self)) + clockSkew,
            resumedAt: try row.instant("resumed_at_ns"))
    }

    func lockGroups(_ keys: [GroupKey]) async throws -> [GroupImage] {
        try await lockGroupsReadingClock(keys, clockSkew: .zero).0
    }

    func lockGroupsReadingClock(_ keys: [GroupKey], clockSkew: Duration) async throws -> ([GroupImage], SharedClockReading) {
        guard !keys.isEmpty else { return ([], try await now(clockSkew: clockSkew)) }
        var bindings = PostgresBindings()
        let wanted = PostgresTables.groupKeys.unnest(keys, into: &bindings)
        // In key order, so that two transactions locking overlapping sets cannot deadlock:
        // PostgreSQL sorts first and locks the rows in that order.
        let groups = try await rows(PostgresQuery(unsafeSQL: """
            SELECT * FROM baton_group
            WHERE (tenant, namespace, id) IN (SELECT tenant, namespace, id FROM \(wanted))
            ORDER BY tenant, namespace, id
            FOR UPDATE
            """, binds: bindings))
        let (images, reading) = try await images(of: groups, clockSkew: clockSkew)
        if let reading { return (images, reading) }
        return (images, try await now(clockSkew: clockSkew))
    }

    func groups(tenant: String, lock: Bool) async throws -> [GroupImage] {
        let groups = try await rows("""
            SELECT * FROM baton_group WHERE tenant = \(tenant) ORDER BY tenant, namespace, id \(unescaped: lock ? "FOR UPDATE" : "")
            """)
        return try await images(of: groups, clockSkew: .zero).0
    }

    func claimDueGroups(at now: Instant, limit: Int) async throws -> [GroupImage] {
        guard limit > 0 else { return [] }
        let groups = try await rows("""
            SELECT * FROM baton_group WHERE wake_at_ns <= \(now.nanoseconds)
            ORDER BY wake_at_ns LIMIT \(Int64(limit))
            FOR UPDATE SKIP LOCKED
            """)
        return try await images(of: groups, clockSkew: .zero).0
    }

    /// The groups with their members and the clock, read after the groups' rows (and locks)
    /// were: a separate statement, so that it sees what the previous holder of a lock
    /// committed (one statement would read the members as of its own start, before it waited
    /// for the lock), and its clock is read once the locks are held. The clock row comes
    /// even when there are no members (the members are left-joined to it); with no groups
    /// there is no statement and no reading.
    /// Members need no lock of their own: every writer of a member holds its group's lock.
    private func images(of groupRows: [PostgresRow], clockSkew: Duration) async throws -> ([GroupImage], SharedClockReading?) {
        guard !groupRows.isEmpty else { return ([], nil) }
        let keys = try groupRows.map { row in
            let row = row.makeRandomAccess()
            return GroupKey(tenant: try row.value("tenant"), namespace: try row.value("namespace"), id: try row.value("id"))
        }
        var bindings = PostgresBindings()
        let wanted = PostgresTables.memberGroupKeys.unnest(keys, into: &bindings)
        let rows = try await rows(PostgresQuery(unsafeSQL: """
            SELECT clock.now_ns, clock.resumed_at_ns, m.*
            FROM (SELECT \(Self.clockNanoseconds) AS now_ns, (SELECT resumed_at_ns FROM baton_service) AS resumed_at_ns) AS clock
            LEFT JOIN baton_member AS m
                ON (m.tenant, m.namespace, m.group_id) IN (SELECT tenant, namespace, group_id FROM \(wanted))
            """, binds: bindings))
        let reading = try Self.reading(rows.first, clockSkew: clockSkew)
        var members: [GroupKey: [MemberImage]] = [:]
        for row in rows where try row.makeRandomAccess().value("id", as: String?.self) != nil {
            let member = try PostgresRows.memberImage(row)
            members[member.record.group, default: []].append(member)
        }
        let images = try zip(groupRows, keys).map { row, key in try PostgresRows.groupImage(row, members: members[key] ?? []) }
        return (images, reading)
    }

    func tasks(ids: [String]) async throws -> [FailoverTask] {
        guard !ids.isEmpty else { return [] }
        return try await rows("SELECT body FROM baton_task WHERE id = ANY(\(ids)::text[]) ORDER BY created_at, id")
            .map(PostgresRows.task)
    }

    func tasks(tenant: String) async throws -> [FailoverTask] {
        try await rows("SELECT body FROM baton_task WHERE tenant = \(tenant) ORDER BY created_at, id").map(PostgresRows.task)
    }

    func tombstones(_ keys: [GroupKey]) async throws -> [GroupTombstone] {
        guard !keys.isEmpty else { return [] }
        var bindings = PostgresBindings()
        let wanted = PostgresTables.groupKeys.unnest(keys, into: &bindings)
        return try await rows(PostgresQuery(unsafeSQL: """
            SELECT * FROM baton_group_tombstone
            WHERE (tenant, namespace, id) IN (SELECT tenant, namespace, id FROM \(wanted))
            """, binds: bindings)).map(PostgresRows.tombstone)
    }

    func tombstones(tenant: String, namespace: String) async throws -> [GroupTombstone] {
        try await rows("""
            SELECT * FROM baton_group_tombstone WHERE tenant = \(tenant) AND namespace = \(namespace)
            """).map(PostgresRows.tombstone)
    }

    func appliances(tenant: String) async throws -> [ApplianceRecord] {
        try await rows("SELECT * FROM baton_appliance WHERE tenant = \(tenant) ORDER BY id").map(PostgresRows.appliance)
    }

    func collectionAccessControl(tenant: String) async throws -> [CollectionKey: AccessControlList] {
        let rows = try await rows("""
            SELECT namespace, access_control FROM baton_collection_access_control
            WHERE tenant = \(tenant) AND collection = \(PostgresTables.groupCollection)
            """)
        var lists: [CollectionKey: AccessControlList] = [:]
        for row in rows {
            let row = row.makeRandomAccess()
            let key = CollectionKey(tenant: tenant, namespace: try row.value("namespace"))
            lists[key] = try PostgresRows.accessControl(try row.value("access_control"))
        }
        return lists
    }
}
