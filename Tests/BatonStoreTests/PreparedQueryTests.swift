import BatonCore
@testable import BatonStore
import Testing

/// A heartbeat-path statement goes out prepared only when the text its builder makes for the
/// rows at hand is its kind's text (else it is sent unprepared, correct but parsed and planned
/// each time). The rows must change the binds, never the text.
struct PreparedQueryTests {
    typealias F = SharedFixtures

    @Test func theTextOfEveryKindIsTheSameWhateverTheRows() {
        let keys = [F.key("a"), F.key("b", tenant: "t2")]
        let image = F.fullImage(F.key("a"))
        let saved = [SharedWrite.SavedGroup(image: image, expectedEpoch: 7, wakeAt: F.instant)]
        let events = (1...3).map {
            GroupEvent(group: image.key, sequence: $0, time: F.wall, kind: .primaryChanged, from: "b", to: "a",
                       epoch: 4, reason: "elected")
        }
        #expect(PostgresTransaction.lockGroupsQuery(keys).sql == PreparedQueries.LockGroups.sql)
        #expect(PostgresTransaction.membersAndClockQuery(keys).sql == PreparedQueries.MembersAndClock.sql)
        #expect(PostgresTransaction.updateGroupsQuery(saved).sql == PreparedQueries.UpdateGroups.sql)
        #expect(PostgresTables.members.upsert(image.members).sql == PreparedQueries.UpsertMembers.sql)
        #expect(PostgresTables.members.update(image.members).sql == PreparedQueries.UpdateMembers.sql)
        #expect(PostgresTables.events.insert(events).sql == PreparedQueries.InsertEvents.sql)
        #expect(PostgresStore.principalQuery(.client, id: "adapter-7").sql == PreparedQueries.Principal.sql)
        #expect(Set([PreparedQueries.LockGroups.name, PreparedQueries.MembersAndClock.name, PreparedQueries.UpdateGroups.name,
                     PreparedQueries.UpsertMembers.name, PreparedQueries.UpdateMembers.name,
                     PreparedQueries.InsertEvents.name, PreparedQueries.Principal.name]).count == 7)
    }

    /// The prepared reads name the columns they answer: a `*` there would break a cached plan
    /// once a rolling upgrade adds a column ("cached plan must not change result type").
    @Test func thePreparedReadsNameTheirColumns() throws {
        for sql in [PreparedQueries.LockGroups.sql, PreparedQueries.MembersAndClock.sql, PreparedQueries.Principal.sql] {
            let answered = sql[..<(try #require(sql.range(of: "FROM"))).lowerBound]
            #expect(!answered.contains("*"), "\(answered)")
        }
    }
}
