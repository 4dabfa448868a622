import BatonCore
@testable import BatonStore
import BatonTestSupport
import Logging
import PostgresNIO
import Testing

/// Rows read by position (`RowCursor`): every cell's name is checked, so a statement whose
/// columns come in another order is refused, never read one column as another.
@Suite(.needsPostgres)
struct RowCursorTests {
    func row(_ sql: String) async throws -> PostgresRow {
        guard let url = TestPostgres.serverURL else { throw TestPostgres.Missing() }
        let configuration = try PostgresURL(url).connectionConfiguration()
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 11, logger: TestPostgres.logger)
        defer { Task { try? await connection.close() } }
        return try #require(try await connection.guardedQuery(PostgresQuery(unsafeSQL: sql), logger: TestPostgres.logger).first)
    }

    @Test func cellsAreReadInOrderAndEachNameIsChecked() async throws {
        let row = try await row("SELECT 1::bigint AS a, NULL::bigint AS b, 2.5::double precision AS c")
        var inOrder = RowCursor(row)
        #expect(try inOrder.next("a", as: Int64.self) == 1)
        #expect(try inOrder.instant("b") == nil)
        #expect(try inOrder.date("c").timeIntervalSince1970 == 2.5)
        #expect(throws: PostgresRows.Malformed.self) { try inOrder.next("d", as: Int64.self) }

        // Two bigint columns the other way round: the same type, so only the name tells.
        var swapped = RowCursor(row)
        #expect(throws: PostgresRows.Malformed.self) { try swapped.next("b", as: Int64?.self) }
        var skipped = RowCursor(row)
        #expect(throws: PostgresRows.Malformed.self) { try skipped.skip(["a", "c"]) }
    }

    /// The member columns of the heartbeat path's statement come in `PostgresTables.members`'
    /// order after the clock's: a group with no member is one row of clock and NULLs.
    @Test func aGroupWithoutMembersGivesNoMember() async throws {
        let nulls = PostgresTables.members.columns.map { "NULL::\($0.type) AS \($0.name)" }.joined(separator: ", ")
        let clock = PostgresTransaction.clockColumnNames.map { "0::bigint AS \($0)" }.joined(separator: ", ")
        var cells = RowCursor(try await row("SELECT \(clock), \(nulls)"))
        try cells.skip(PostgresTransaction.clockColumnNames)
        #expect(try PostgresRows.memberImage(&cells) == nil)
    }
}
