import GRDB

/// Versioned schema of the embedded store. Add migrations; never edit a shipped one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE failover_group (
                    tenant TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    id TEXT NOT NULL,
                    name TEXT,
                    description TEXT,
                    failover_timeout_ns INTEGER NOT NULL,
                    additional_data TEXT,
                    preemption TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    primary_id TEXT,
                    pending_id TEXT,
                    pending_reason TEXT,
                    epoch INTEGER NOT NULL,
                    fenced INTEGER NOT NULL,
                    watermark REAL,
                    next_event_sequence INTEGER NOT NULL,
                    lease_horizon REAL,
                    PRIMARY KEY (tenant, namespace, id)
                ) WITHOUT ROWID;
                CREATE TABLE member (
                    tenant TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    name TEXT,
                    additional_data TEXT,
                    registered_at REAL NOT NULL,
                    role_override INTEGER NOT NULL,
                    override_expires_at REAL,
                    heartbeat_score REAL,
                    heartbeat_time REAL,
                    heartbeat_last_data_processed REAL,
                    heartbeat_received_at REAL,
                    PRIMARY KEY (tenant, namespace, group_id, id)
                ) WITHOUT ROWID;
                CREATE TABLE group_event (
                    tenant TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    time REAL NOT NULL,
                    kind TEXT NOT NULL,
                    from_id TEXT,
                    to_id TEXT,
                    epoch INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    principal TEXT,
                    detail TEXT,
                    PRIMARY KEY (tenant, namespace, group_id, sequence)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: security") { db in
            try db.execute(sql: """
                ALTER TABLE failover_group ADD COLUMN access_control TEXT;
                CREATE TABLE collection_access_control (
                    tenant TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    collection TEXT NOT NULL,
                    access_control TEXT NOT NULL,
                    PRIMARY KEY (tenant, namespace, collection)
                ) WITHOUT ROWID;
                CREATE TABLE principal (
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    role TEXT NOT NULL,
                    secret_hash TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (kind, id)
                ) WITHOUT ROWID;
                CREATE TABLE setting (
                    name TEXT NOT NULL PRIMARY KEY,
                    value BLOB NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3: failover tasks") { db in
            try db.execute(sql: """
                ALTER TABLE failover_group ADD COLUMN active_task TEXT;
                ALTER TABLE failover_group ADD COLUMN forced_target TEXT;
                ALTER TABLE failover_group ADD COLUMN forced_by TEXT;
                CREATE TABLE failover_task (
                    id TEXT NOT NULL PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    body TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX failover_task_by_group ON failover_task (tenant, namespace, group_id);
                """)
        }
        migrator.registerMigration("v4: appliances") { db in
            try db.execute(sql: """
                CREATE TABLE appliance (
                    tenant TEXT NOT NULL,
                    id TEXT NOT NULL,
                    name TEXT,
                    type TEXT,
                    peer_id TEXT,
                    peer_name TEXT,
                    service_mesh_id TEXT,
                    group_id TEXT,
                    registered_at REAL NOT NULL,
                    PRIMARY KEY (tenant, id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v5: group tombstones") { db in
            try db.execute(sql: """
                CREATE TABLE group_tombstone (
                    tenant TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    id TEXT NOT NULL,
                    epoch INTEGER NOT NULL,
                    next_event_sequence INTEGER NOT NULL,
                    failover_timeout_ns INTEGER NOT NULL,
                    deleted_at REAL NOT NULL,
                    lease_end REAL,
                    lease_holder TEXT,
                    PRIMARY KEY (tenant, namespace, id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v6: pause") { db in
            try db.execute(sql: """
                ALTER TABLE failover_group ADD COLUMN paused_at REAL;
                ALTER TABLE failover_group ADD COLUMN paused_by TEXT;
                ALTER TABLE failover_group ADD COLUMN pause_reason TEXT;
                """)
        }
        return migrator
    }
}
