import Logging
import PostgresNIO

/// Versioned schema of the shared store. Add migrations at the end; never edit a shipped one.
///
/// Dates are Unix seconds in `double precision`, like the embedded store's REAL columns, so
/// a `Date` comes back bit for bit; instants (the database clock the engines share) are
/// nanoseconds in `bigint`.
enum PostgresSchema {
    struct Migration: Sendable {
        var version: Int32
        var name: String
        /// One statement each (the extended query protocol runs one at a time).
        var statements: [String]
    }

    /// Serialises migrations across instances: `pg_advisory_xact_lock` on this key ("BATN").
    static let advisoryLockKey: Int64 = 0x4241_544E
    /// The first key of the per-tenant advisory locks (`pg_advisory_xact_lock(int4, int4)`,
    /// the second key is the tenant's `hashtext`): a key space apart from the single-key
    /// migration lock.
    static let tenantLockClass: Int32 = 0x4241_544E

    static let migrations: [Migration] = [
        Migration(version: 1, name: "shared store", statements: [
            """
            CREATE TABLE baton_group (
                tenant text NOT NULL,
                namespace text NOT NULL,
                id text NOT NULL,
                name text,
                description text,
                failover_timeout_ns bigint NOT NULL,
                additional_data text,
                preemption text NOT NULL,
                created_at double precision NOT NULL,
                primary_id text,
                pending_id text,
                pending_reason text,
                epoch bigint NOT NULL,
                fenced boolean NOT NULL,
                watermark double precision,
                next_event_sequence bigint NOT NULL,
                lease_horizon double precision,
                access_control text,
                active_task text,
                forced_target text,
                forced_by text,
                fence_until_ns bigint,
                task_deadline_ns bigint,
                grace_until_ns bigint,
                wake_at_ns bigint,
                PRIMARY KEY (tenant, namespace, id)
            )
            """,
            "CREATE INDEX baton_group_wake_at ON baton_group (wake_at_ns) WHERE wake_at_ns IS NOT NULL",
            """
            CREATE TABLE baton_member (
                tenant text NOT NULL,
                namespace text NOT NULL,
                group_id text NOT NULL,
                id text NOT NULL,
                name text,
                additional_data text,
                registered_at double precision NOT NULL,
                role_override integer NOT NULL,
                override_expires_at double precision,
                heartbeat_score double precision,
                heartbeat_time double precision,
                heartbeat_last_data_processed double precision,
                heartbeat_received_at double precision,
                override_deadline_ns bigint,
                last_received_ns bigint,
                lease_expiry_ns bigint,
                heartbeat_since_start boolean NOT NULL,
                live_since_ns bigint,
                better_than_primary_since_ns bigint,
                PRIMARY KEY (tenant, namespace, group_id, id)
            )
            """,
            """
            CREATE TABLE baton_event (
                tenant text NOT NULL,
                namespace text NOT NULL,
                group_id text NOT NULL,
                sequence bigint NOT NULL,
                time double precision NOT NULL,
                kind text NOT NULL,
                from_id text,
                to_id text,
                epoch bigint NOT NULL,
                reason text NOT NULL,
                principal text,
                detail text,
                PRIMARY KEY (tenant, namespace, group_id, sequence)
            )
            """,
            """
            CREATE TABLE baton_task (
                id text PRIMARY KEY,
                tenant text NOT NULL,
                namespace text NOT NULL,
                group_id text NOT NULL,
                status text NOT NULL,
                created_at double precision NOT NULL,
                body text NOT NULL
            )
            """,
            "CREATE INDEX baton_task_by_group ON baton_task (tenant, namespace, group_id)",
            """
            CREATE TABLE baton_appliance (
                tenant text NOT NULL,
                id text NOT NULL,
                name text,
                type text,
                peer_id text,
                peer_name text,
                service_mesh_id text,
                group_id text,
                registered_at double precision NOT NULL,
                PRIMARY KEY (tenant, id)
            )
            """,
            """
            CREATE TABLE baton_collection_access_control (
                tenant text NOT NULL,
                namespace text NOT NULL,
                collection text NOT NULL,
                access_control text NOT NULL,
                PRIMARY KEY (tenant, namespace, collection)
            )
            """,
            """
            CREATE TABLE baton_principal (
                kind text NOT NULL,
                id text NOT NULL,
                tenant text NOT NULL,
                role text NOT NULL,
                secret_hash text NOT NULL,
                created_at double precision NOT NULL,
                PRIMARY KEY (kind, id)
            )
            """,
            """
            CREATE TABLE baton_setting (
                name text PRIMARY KEY,
                value bytea NOT NULL
            )
            """,
            """
            CREATE TABLE baton_service (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                served_at_ns bigint,
                resumed_at_ns bigint
            )
            """,
            "INSERT INTO baton_service (singleton) VALUES (true)",
        ]),
        Migration(version: 2, name: "group tombstones", statements: [
            """
            CREATE TABLE baton_group_tombstone (
                tenant text NOT NULL,
                namespace text NOT NULL,
                id text NOT NULL,
                epoch bigint NOT NULL,
                next_event_sequence bigint NOT NULL,
                failover_timeout_ns bigint NOT NULL,
                deleted_at double precision NOT NULL,
                lease_end_ns bigint,
                lease_holder text,
                PRIMARY KEY (tenant, namespace, id)
            )
            """,
            "ALTER TABLE baton_group ADD COLUMN fence_holder text",
        ]),
        Migration(version: 3, name: "virtual clock", statements: [
            """
            CREATE TABLE baton_clock (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                generation bigint NOT NULL DEFAULT 0,
                anchor_database_ns bigint,
                anchor_virtual_ns bigint
            )
            """,
            "INSERT INTO baton_clock (singleton) VALUES (true)",
        ]),
        Migration(version: 4, name: "pause", statements: [
            "ALTER TABLE baton_group ADD COLUMN paused_at double precision",
            "ALTER TABLE baton_group ADD COLUMN paused_by text",
            "ALTER TABLE baton_group ADD COLUMN pause_reason text",
        ]),
    ]

    /// Applies every migration not applied yet, each in its own transaction that first takes
    /// the advisory lock: of two instances starting at once, the second waits, then finds the
    /// version recorded and skips it.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        for migration in migrations {
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.guardedQuery("SELECT pg_advisory_xact_lock(\(advisoryLockKey))", logger: logger)
                try await connection.guardedQuery("""
                    CREATE TABLE IF NOT EXISTS baton_schema_migration (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                let applied = try await connection.guardedQuery(
                    "SELECT 1 FROM baton_schema_migration WHERE version = \(migration.version)", logger: logger
                )
                guard applied.isEmpty else { return }
                for statement in migration.statements {
                    try await connection.guardedQuery(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.guardedQuery(
                    "INSERT INTO baton_schema_migration (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                logger.info("shared store migrated", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
    }
}
