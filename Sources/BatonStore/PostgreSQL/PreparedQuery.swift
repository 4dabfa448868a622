import Logging
import PostgresNIO

/// A statement that every heartbeat transaction runs, prepared once per connection and then
/// only bound and executed. Sent unprepared, PostgreSQL parsed, analysed and planned each of
/// them every time: about half of the database's CPU under heartbeat load (perf, `Benchmarks/
/// cluster.sh`). The text of a kind is what its builder makes for any rows — every column is
/// bound as one array, so the rows change the binds, never the text — and a query whose text
/// differs (it never should) is sent unprepared rather than under the wrong name.
///
/// The statements name their columns (no `*`): a prepared `SELECT *` fails once a rolling
/// upgrade adds a column ("cached plan must not change result type").
protocol PreparedQueryKind {
    /// Unique per connection.
    static var name: String { get }
    static var sql: String { get }
}

/// PostgresNIO's form of a prepared statement for one kind: the binds come from the query
/// its builder made, the rows are decoded by the caller.
struct PreparedQuery<Kind: PreparedQueryKind>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { Kind.name }
    static var sql: String { Kind.sql }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// The heartbeat path's statements (see `PostgresTransaction`).
enum PreparedQueries {
    enum LockGroups: PreparedQueryKind {
        static let name = "baton_lock_groups"
        static let sql = PostgresTransaction.lockGroupsQuery([]).sql
    }

    enum MembersAndClock: PreparedQueryKind {
        static let name = "baton_members_and_clock"
        static let sql = PostgresTransaction.membersAndClockQuery([]).sql
    }

    enum UpdateGroups: PreparedQueryKind {
        static let name = "baton_update_groups"
        static let sql = PostgresTransaction.updateGroupsQuery([]).sql
    }

    enum UpsertMembers: PreparedQueryKind {
        static let name = "baton_upsert_members"
        static let sql = PostgresTables.members.upsert([]).sql
    }

    /// Not a heartbeat transaction's, but every authenticated request's.
    enum Principal: PreparedQueryKind {
        static let name = "baton_principal"
        static let sql = PostgresStore.principalQuery(.user, id: "").sql
    }

    enum UpdateMembers: PreparedQueryKind {
        static let name = "baton_update_members"
        static let sql = PostgresTables.members.update([]).sql
    }

    enum InsertEvents: PreparedQueryKind {
        static let name = "baton_insert_events"
        static let sql = PostgresTables.events.insert([]).sql
    }
}
