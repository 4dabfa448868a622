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

    /// This instance's side of the virtual clock (`VirtualClock`).
    let clock: ClockGuard

    init(connection: PostgresConnection, logger: Logger, clock: ClockGuard) {
        self.connection = connection
        self.logger = logger
        self.clock = clock
        failed = Failed()
    }

    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await connection.guardedQuery(query, logger: logger)
        } catch {
            failed.value.withLock { $0 = true }
            throw error
        }
    }

    /// `rows` for a statement of the heartbeat path, prepared on the connection (`PreparedQuery`).
    @discardableResult
    func rows<Kind: PreparedQueryKind>(_ query: PostgresQuery, preparedAs kind: Kind.Type) async throws -> [PostgresRow] {
        do {
            return try await connection.guardedQuery(query, preparedAs: kind, logger: logger)
        } catch {
            failed.value.withLock { $0 = true }
            throw error
        }
    }

    /// `clock_timestamp()` as nanoseconds since the Unix epoch (its resolution is microseconds).
    static let clockNanoseconds = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint * 1000"

    /// The columns of one clock reading: the database clock, the shared anchor of virtual
    /// time, and when service last resumed.
    static let clockColumns = """
        \(clockNanoseconds) AS now_ns, c.generation AS clock_generation, c.anchor_database_ns, c.anchor_virtual_ns,
        (SELECT resumed_at_ns FROM baton_service) AS resumed_at_ns
        """

    func now(clockSkew: Duration) async throws -> SharedClockReading {
        let sent = ContinuousClock.now
        let rows = try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.clockColumns) FROM baton_clock AS c"))
        return try await reading(rows.first, sent: sent, received: .now, clockSkew: clockSkew)
    }

    /// Virtual time (plus the skew) from a row with `clockColumns`, read by a statement sent
    /// and answered at the given instants; sets a new anchor when this instance sees that the
    /// database clock stepped (see `VirtualClock`).
    private func reading(_ row: PostgresRow?, sent: ContinuousClock.Instant, received: ContinuousClock.Instant,
                         clockSkew: Duration) async throws -> SharedClockReading {
        guard let row = row?.makeRandomAccess() else { throw PostgresRows.Malformed(description: "no clock reading") }
        let database = try row.value("now_ns", as: Int64.self) &+ clock.injectedStep.withLock { $0 }.nanoseconds
        var anchor = VirtualClock.Anchor(
            generation: try row.value("clock_generation", as: Int64.self),
            database: try row.value("anchor_database_ns", as: Int64?.self),
            virtual: try row.value("anchor_virtual_ns", as: Int64?.self))
        var virtual = VirtualClock.virtual(at: database, anchor: anchor)
        if let previous = clock.previous {
            for _ in 0..<3 {
                guard let corrected = VirtualClock.correction(after: previous, sent: sent, received: received, virtual: virtual)
                else { break }
                let set = try await rows("""
                    UPDATE baton_clock SET generation = generation + 1,
                        anchor_database_ns = \(database), anchor_virtual_ns = \(corrected)
                    WHERE generation = \(anchor.generation)
                    RETURNING generation
                    """)
                if !set.isEmpty {
                    logger.warning("the database clock stepped; virtual time continues without the step", metadata: [
                        "step": "\(Duration.nanoseconds(virtual - corrected))",
                    ])
                    virtual = corrected
                    break
                }
                // Another instance set an anchor first (for this step, most likely): read it.
                guard let current = try await rows("SELECT generation, anchor_database_ns, anchor_virtual_ns FROM baton_clock").first
                else { break }
                let fresh = current.makeRandomAccess()
                anchor = VirtualClock.Anchor(
                    generation: try fresh.value("generation", as: Int64.self),
                    database: try fresh.value("anchor_database_ns", as: Int64?.self),
                    virtual: try fresh.value("anchor_virtual_ns", as: Int64?.self))
                virtual = VirtualClock.virtual(at: database, anchor: anchor)
            }
        }
        clock.record(VirtualClock.Observation(sent: sent, received: received, virtual: virtual))
        return SharedClockReading(
            now: Instant(nanoseconds: virtual) + clockSkew,
            resumedAt: try row.instant("resumed_at_ns"))
    }

    func lockGroups(_ keys: [GroupKey]) async throws -> [GroupImage] {
        try await lockGroupsReadingClock(keys, clockSkew: .zero).images
    }

    func lockGroupsReadingClock(_ keys: [GroupKey], clockSkew: Duration) async throws -> LockedGroups {
        guard !keys.isEmpty else { return LockedGroups(images: [], wakeUps: [:], reading: try await now(clockSkew: clockSkew)) }
        let groups = try await rows(Self.lockGroupsQuery(keys), preparedAs: PreparedQueries.LockGroups.self)
            .map(PostgresRows.groupImage)
        let (images, reading) = try await images(of: groups.map(\.image), clockSkew: clockSkew)
        var wakeUps: [GroupKey: Instant] = [:]
        for (image, wakeAt) in groups {
            if let wakeAt { wakeUps[image.key] = wakeAt }
        }
        if let reading { return LockedGroups(images: images, wakeUps: wakeUps, reading: reading) }
        return LockedGroups(images: images, wakeUps: wakeUps, reading: try await now(clockSkew: clockSkew))
    }

    func groups(tenant: String, lock: Bool) async throws -> [GroupImage] {
        if lock {
            // The tenant first, then its groups: two instances changing one tenant at once are
            // serialised even when it has no group yet (an appliance registered twice, two HA
            // groups naming one appliance), so the second sees what the first committed. Only
            // tenant operations take it, always before any group lock, so it cannot deadlock
            // with a group transaction (which never waits for it).
            try await rows("SELECT pg_advisory_xact_lock(\(PostgresSchema.tenantLockClass), hashtext(\(tenant)))")
        }
        let groups = try await rows("""
            SELECT \(unescaped: PostgresTables.groups.columnList) FROM baton_group WHERE tenant = \(tenant)
            ORDER BY tenant, namespace, id \(unescaped: lock ? "FOR UPDATE" : "")
            """)
        return try await images(ofRows: groups)
    }

    /// Locks the groups of `keys`, in key order, so that two transactions locking overlapping
    /// sets cannot deadlock: PostgreSQL sorts first and locks the rows in that order.
    static func lockGroupsQuery(_ keys: [GroupKey]) -> PostgresQuery {
        var bindings = PostgresBindings()
        let wanted = PostgresTables.groupKeys.unnest(keys, into: &bindings)
        return PostgresQuery(unsafeSQL: """
            SELECT \(PostgresTables.groups.columnList) FROM baton_group
            WHERE (tenant, namespace, id) IN (SELECT tenant, namespace, id FROM \(wanted))
            ORDER BY tenant, namespace, id
            FOR UPDATE
            """, binds: bindings)
    }

    /// The members of the groups of `keys` with one clock reading (`images(of:clockSkew:)`).
    /// Each group's members are looked up by the primary key's prefix: joined as a set, the
    /// planner read every member of every group to find a batch's few (a sequential scan of
    /// the whole table per transaction, `EXPLAIN` with a generic or a custom plan). `OFFSET 0`
    /// keeps the lateral lookup from being flattened back into that join.
    static func membersAndClockQuery(_ keys: [GroupKey]) -> PostgresQuery {
        var bindings = PostgresBindings()
        let wanted = PostgresTables.memberGroupKeys.unnest(keys, into: &bindings)
        let memberColumns = PostgresTables.members.columns.map(\.name)
        return PostgresQuery(unsafeSQL: """
            SELECT \(clockColumnNames.map { "clock.\($0)" }.joined(separator: ", ")),
                \(memberColumns.map { "m.\($0)" }.joined(separator: ", "))
            FROM (SELECT \(Self.clockColumns) FROM baton_clock AS c) AS clock
            LEFT JOIN (
                SELECT \(memberColumns.map { "found.\($0)" }.joined(separator: ", ")) FROM \(wanted)
                CROSS JOIN LATERAL (
                    SELECT * FROM baton_member AS b
                    WHERE b.tenant = v.tenant AND b.namespace = v.namespace AND b.group_id = v.group_id
                    OFFSET 0
                ) AS found
            ) AS m ON true
            """, binds: bindings)
    }

    func claimDueGroups(at now: Instant, limit: Int) async throws -> [GroupImage] {
        guard limit > 0 else { return [] }
        let groups = try await rows("""
            SELECT \(unescaped: PostgresTables.groups.columnList) FROM baton_group WHERE wake_at_ns <= \(now.nanoseconds)
            ORDER BY wake_at_ns LIMIT \(Int64(limit))
            FOR UPDATE SKIP LOCKED
            """)
        return try await images(ofRows: groups)
    }

    /// `images(of:clockSkew:)` for rows of `PostgresTables.groups.columnList`, without a skew.
    private func images(ofRows groupRows: [PostgresRow]) async throws -> [GroupImage] {
        try await images(of: groupRows.map { try PostgresRows.groupImage($0).image }, clockSkew: .zero).0
    }

    /// The groups with their members and the clock, read after the groups' rows (and locks)
    /// were: a separate statement, so that it sees what the previous holder of a lock
    /// committed (one statement would read the members as of its own start, before it waited
    /// for the lock), and its clock is read once the locks are held. The clock row comes
    /// even when there are no members (the members are left-joined to it); with no groups
    /// there is no statement and no reading.
    /// Members need no lock of their own: every writer of a member holds its group's lock.
    private func images(of groups: [GroupImage], clockSkew: Duration) async throws -> ([GroupImage], SharedClockReading?) {
        guard !groups.isEmpty else { return ([], nil) }
        let sent = ContinuousClock.now
        let rows = try await rows(Self.membersAndClockQuery(groups.map(\.key)), preparedAs: PreparedQueries.MembersAndClock.self)
        let reading = try await reading(rows.first, sent: sent, received: .now, clockSkew: clockSkew)
        var members: [GroupKey: [MemberImage]] = [:]
        for row in rows {
            var cells = RowCursor(row)
            try cells.skip(Self.clockColumnNames)
            guard let member = try PostgresRows.memberImage(&cells) else { continue }
            members[member.record.group, default: []].append(member)
        }
        let images = groups.map { group in
            var image = group
            image.members = (members[group.key] ?? []).sorted { $0.id < $1.id }
            return image
        }
        return (images, reading)
    }

    /// The names of `clockColumns`, as `membersAndClockQuery` selects them before each member.
    static let clockColumnNames = ["now_ns", "clock_generation", "anchor_database_ns", "anchor_virtual_ns", "resumed_at_ns"]

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
