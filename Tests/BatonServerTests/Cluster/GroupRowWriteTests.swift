import BatonCore
import BatonServer
@testable import BatonStore
import BatonTestSupport
import Foundation
import PostgresNIO
import Testing

/// A heartbeat that changes nothing but its member's receipt leaves the group's row alone on
/// PostgreSQL (the row, with its wake-up index, was rewritten by every heartbeat). The stored
/// wake-up time is then earlier than needed: the group is woken early, finds nothing due and
/// stores the later time, and a lease that runs out is still acted on at its expiry.
@Suite(.needsPostgres)
struct GroupRowWriteTests {
    let prefix = APIPrefix.cloud

    @Test func aSecondarysReceiptLeavesTheGroupRowAndTheLeaseIsStillActedOnAtItsExpiry() async throws {
        let url = try await TestPostgres.freshDatabase()
        let connection = try await PostgresConnection.connect(
            configuration: try PostgresURL(url).connectionConfiguration(), id: 1, logger: TestPostgres.logger)
        defer { Task { try? await connection.close() } }
        let baton = TestBaton(postgresURL: url, clock: TestClock())
        defer { baton.removeFiles() }
        try await baton.run { client in
            try await client.createGroup(prefix, "g", timeout: "00:00:10")
            try await client.register(prefix, "g", "a")
            try await client.register(prefix, "g", "b")
            #expect(try await client.role(prefix, "g", "a") == 1)
            #expect(try await client.role(prefix, "g", "b") == 0)
            // The Primary's heartbeat moves the group's watermark: its row is written.
            client.clock.advance(by: .seconds(2))
            #expect(try await client.role(prefix, "g", "a") == 1)
            let written = try await groupRow(connection)
            let storedWakeUp = try #require(written.wakeAt)

            // The Secondary's receipts change only its member: the row stays as it is.
            for _ in 0..<2 {
                client.clock.advance(by: .seconds(2))
                #expect(try await client.role(prefix, "g", "b") == 0)
            }
            #expect(try await groupRow(connection) == written)

            // 10 s after the start: whatever is woken finds a (lease to 12 s) still Primary, and
            // the stored wake-up never goes back.
            await client.advance(by: .seconds(4))
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 1))
            #expect(try #require(try await groupRow(connection).wakeAt) >= storedWakeUp)

            // At a's expiry (12 s) b, alive until 16 s, is promoted.
            await client.advance(by: .seconds(2))
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", epoch: 2))
        }
    }

    private struct GroupRow: Equatable {
        /// The row version (`xmin`): it changes with every write of the row.
        var version: String
        var wakeAt: Int64?
    }

    private func groupRow(_ connection: PostgresConnection) async throws -> GroupRow {
        let rows = try await connection.query(
            "SELECT xmin::text, wake_at_ns FROM baton_group WHERE id = 'g'", logger: TestPostgres.logger)
        let row = try #require(try await rows.collect().first)
        let (version, wakeAt) = try row.decode((String, Int64?).self)
        return GroupRow(version: version, wakeAt: wakeAt)
    }
}
