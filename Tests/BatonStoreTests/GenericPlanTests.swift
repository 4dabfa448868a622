import BatonCore
@testable import BatonStore
import BatonTestSupport
import PostgresNIO
import Testing

/// The store's connections plan their prepared statements once (`plan_cache_mode =
/// force_generic_plan`): left to choose, PostgreSQL kept planning the heartbeat path's
/// statements for every execution, about a sixth of the database's CPU under heartbeat load
/// (Benchmarks/README.md). Their generic plans look rows up by key like the custom ones did.
@Suite(.needsPostgres)
struct GenericPlanTests {
    typealias F = SharedFixtures

    @Test func theHeartbeatPathsStatementsAreNeverPlannedForTheirValues() async throws {
        try await TestPostgres.withStore { store in
            let image = F.fullImage(F.key("g1"))
            try await store.postgresTransaction { transaction in
                var changes = SharedWrite()
                changes.savedGroups = [F.created(image)]
                changes.savedMembers = image.members
                try await transaction.write(changes)
                // More than the five custom plans PostgreSQL tries before it would consider a generic one.
                for _ in 0..<8 {
                    let locked = try await transaction.lockGroupsReadingClock([image.key], clockSkew: .zero)
                    #expect(locked.images == [image])
                    try await transaction.write(Self.receipt(of: image))
                }
                let rows = try await transaction.rows("""
                    SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
                    WHERE name IN (\(PreparedQueries.LockGroups.name), \(PreparedQueries.MembersAndClock.name),
                                   \(PreparedQueries.UpsertMembers.name), \(PreparedQueries.UpdateMembers.name))
                    ORDER BY name
                    """)
                let plans = try rows.map { try $0.decode((String, Int64, Int64).self) }
                #expect(plans.map(\.0) == [PreparedQueries.LockGroups.name, PreparedQueries.MembersAndClock.name,
                                           PreparedQueries.UpsertMembers.name, PreparedQueries.UpdateMembers.name].sorted())
                for (name, generic, custom) in plans {
                    #expect(custom == 0, "\(name) was planned for its values \(custom) times")
                    #expect(generic >= 1, "\(name)")
                }
            }
        }
    }

    /// A write of the group's loaded members as they are: a receipt's statement, changing nothing.
    private static func receipt(of image: GroupImage) -> SharedWrite {
        var changes = SharedWrite()
        changes.changedMembers = image.members
        return changes
    }
}
