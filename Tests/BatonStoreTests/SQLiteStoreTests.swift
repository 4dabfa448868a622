import BatonCore
@testable import BatonStore
import Foundation
import Testing

/// The embedded store on a real SQLite file in a temporary directory.
@Suite struct SQLiteStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-store-\(UUID().uuidString)").path
    let key = GroupKey(tenant: "t", namespace: "n", id: "g")
    let wall = Date(timeIntervalSince1970: 1_800_000_000.25)

    func group(epoch: UInt64 = 3, primary: MemberID? = "a") -> GroupRecord {
        GroupRecord(
            key: key,
            configuration: GroupConfiguration(
                id: "g", name: "Group", description: "d", failoverTimeout: .milliseconds(1500),
                additionalData: .object(["site": .string("north"), "racks": .array([.number(1), .number(2.5)])]),
                preemption: .none),
            createdAt: wall, primary: primary, pending: "b", pendingReason: "override", epoch: epoch, fenced: true,
            watermark: wall.addingTimeInterval(-5), nextEventSequence: 9,
            pause: GroupPause(since: wall.addingTimeInterval(-2.5), by: "user:ops", reason: "maintenance window"))
    }

    func member(_ id: MemberID, heartbeat: HeartbeatRecord? = nil) -> MemberRecord {
        MemberRecord(
            group: key, registration: MemberRegistration(id: id, name: "Name \(id)", additionalData: .bool(true)),
            registeredAt: wall, roleOverride: .primary, overrideExpiresAt: wall.addingTimeInterval(3600),
            lastHeartbeat: heartbeat)
    }

    func event(_ sequence: Int64) -> GroupEvent {
        GroupEvent(group: key, sequence: sequence, time: wall, kind: .primaryChanged, from: "a", to: "b",
                   epoch: UInt64(sequence), reason: "lease-expired", principal: "ops", detail: nil)
    }

    @Test func committedRecordsAreReadBackExactlyAfterReopening() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let heartbeat = HeartbeatRecord(score: 87.5, heartbeatTime: wall, lastDataProcessedTime: wall.addingTimeInterval(-1), receivedAt: wall)
        do {
            let store = try SQLiteStore(directory: directory)
            try store.commit([.saveGroup(group()), .saveMember(member("a", heartbeat: heartbeat)), .saveMember(member("b")),
                              .appendEvent(event(1)), .appendEvent(event(2))])
        }
        let reopened = try SQLiteStore(directory: directory)
        let snapshot = try reopened.loadSnapshot()
        #expect(snapshot.groups == [group()])
        #expect(Set(snapshot.members.map(\.registration.id)) == ["a", "b"])
        #expect(snapshot.members.first { $0.registration.id == "a" } == member("a", heartbeat: heartbeat))
        #expect(try reopened.events(of: key, skip: 0, count: 10) == EventPage(events: [event(1), event(2)], total: 2))
    }

    @Test func savingAGroupAgainReplacesItAndDeletingItRemovesMembersAndHistory() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try store.commit([.saveGroup(group(epoch: 1)), .saveMember(member("a")), .appendEvent(event(1))])
        try store.commit([.saveGroup(group(epoch: 2, primary: "b"))])
        #expect(try store.loadSnapshot().groups.map(\.epoch) == [2])
        try store.commit([.deleteMember(MemberKey(group: key, member: "a"))])
        #expect(try store.loadSnapshot().members.isEmpty)
        try store.commit([.saveMember(member("a")), .deleteGroup(key)])
        let snapshot = try store.loadSnapshot()
        #expect(snapshot.groups.isEmpty && snapshot.members.isEmpty)
        #expect(try store.events(of: key, skip: 0, count: 10).total == 0)
    }

    @Test func aFailedCommitChangesNothing() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try store.commit([.saveGroup(group(epoch: 1)), .appendEvent(event(1))])
        // The second event reuses sequence 1: the primary key refuses it, and the epoch
        // bump in the same batch must roll back with it.
        #expect(throws: (any Error).self) {
            try store.commit([.saveGroup(group(epoch: 2)), .appendEvent(event(1))])
        }
        #expect(try store.loadSnapshot().groups.map(\.epoch) == [1])
    }

    @Test func softStateUpdatesHeartbeatsAndWatermarksOfExistingRowsOnly() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try store.commit([.saveGroup(group()), .saveMember(member("a"))])
        let heartbeat = HeartbeatRecord(score: 42, receivedAt: wall.addingTimeInterval(10))
        try store.writeSoftState(SoftStateBatch(
            heartbeats: [(MemberKey(group: key, member: "a"), heartbeat), (MemberKey(group: key, member: "gone"), heartbeat)],
            watermarks: [(key, wall.addingTimeInterval(20))]))
        let snapshot = try store.loadSnapshot()
        #expect(snapshot.members.map(\.lastHeartbeat) == [heartbeat])
        #expect(snapshot.groups.first?.watermark == wall.addingTimeInterval(20))
    }

    @Test func eventsArePagedOldestFirstWithTheirTotal() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try store.commit([.saveGroup(group())] + (1...25).map { .appendEvent(event($0)) })
        let page = try store.events(of: key, skip: 10, count: 5)
        #expect(page.total == 25)
        #expect(page.events.map(\.sequence) == [11, 12, 13, 14, 15])
        #expect(try store.events(of: GroupKey(id: "other"), skip: 0, count: 5).total == 0)
    }

    @Test func aSecondStoreOnTheSameDirectoryIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SQLiteStore(directory: directory)
        #expect(throws: StoreError.self) { _ = try SQLiteStore(directory: directory) }
        _ = first
    }

    @Test func theDatabaseIsInWALModeWithFullSynchronousWrites() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        #expect(try store.pragma("journal_mode") == "wal")
        #expect(try store.pragma("synchronous") == "2")  // FULL
    }
}
