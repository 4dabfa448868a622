import BatonCore
import BatonTestSupport
import Foundation
import Testing

/// What the engine hands its owner to make durable (`drainJournal()`) or flush lazily
/// (`drainSoftState()`).
@Suite("Journal")
struct JournalTests {
    let clock = TestClock()
    let key = GroupKey(id: "g")
    let configuration = GroupConfiguration(id: "g", failoverTimeout: defaultTimeout)

    private func engineWithGroup(members: [MemberID] = []) throws -> Engine {
        let engine = Engine(clock: clock)
        try engine.createGroup(key, configuration)
        for member in members { try engine.registerMember(MemberRegistration(id: member), in: key) }
        _ = engine.drainJournal()
        _ = engine.drainSoftState()
        return engine
    }

    private func savedGroups(_ changes: [DurableChange]) -> [GroupRecord] {
        changes.compactMap { if case .saveGroup(let record) = $0 { record } else { nil } }
    }

    private func savedMembers(_ changes: [DurableChange]) -> [MemberRecord] {
        changes.compactMap { if case .saveMember(let record) = $0 { record } else { nil } }
    }

    private func events(_ changes: [DurableChange]) -> [GroupEvent] {
        changes.compactMap { if case .appendEvent(let event) = $0 { event } else { nil } }
    }

    private func heartbeat(_ engine: Engine, _ id: MemberID, score: Double = 50) throws -> HeartbeatAnswer {
        try engine.heartbeat(HeartbeatInput(score: score), from: id, in: key)
    }

    @Test("creating a group journals the group and a GroupCreated event; an identical re-create journals nothing")
    func groupCreate() throws {
        let engine = Engine(clock: clock)
        #expect(try engine.createGroup(key, configuration) == .created)
        let changes = engine.drainJournal()
        #expect(savedGroups(changes).map(\.configuration) == [configuration])
        #expect(events(changes).map(\.kind) == [.groupCreated])
        #expect(try engine.createGroup(key, configuration) == .unchanged)
        #expect(engine.drainJournal().isEmpty)
        #expect(engine.drainJournal().isEmpty, "a drained journal is empty")
    }

    @Test("updating a group journals its new configuration and a GroupUpdated event")
    func groupUpdate() throws {
        let engine = try engineWithGroup()
        var changed = configuration
        changed.failoverTimeout = .seconds(30)
        changed.name = "renamed"
        #expect(try engine.putGroup(key, changed) == .updated)
        let changes = engine.drainJournal()
        #expect(savedGroups(changes).map(\.configuration) == [changed])
        #expect(events(changes).map(\.kind) == [.groupUpdated])
        #expect(try engine.putGroup(key, changed) == .unchanged)
        #expect(engine.drainJournal().isEmpty)
    }

    @Test("deleting a group journals its deletion")
    func groupDelete() throws {
        let engine = try engineWithGroup()
        try engine.deleteGroup(key)
        let changes = engine.drainJournal()
        #expect(changes.count == 2)
        #expect(changes.first == .deleteGroup(key))
        guard case .saveTombstone(let tombstone) = changes.last else {
            Issue.record("no tombstone journalled: \(changes)")
            return
        }
        #expect(tombstone.key == key && tombstone.epoch == 0 && tombstone.leaseEnd == nil)
    }

    @Test("a group deleted and re-created between two drains leaves the store with only the new group's history, numbered on")
    func deleteAndRecreateBetweenDrains() throws {
        let engine = Engine(clock: clock)
        var store = StoreModel()
        try engine.createGroup(key, configuration)
        try engine.registerMember(MemberRegistration(id: "a"), in: key)
        try engine.removeMember("a", from: key)
        store.apply(engine.drainJournal())  // the old group's history: 3 events
        try engine.deleteGroup(key)
        try engine.createGroup(key, configuration)
        store.apply(engine.drainJournal())
        let history = store.history[key] ?? []
        #expect(history.map(\.sequence) == [4], "the address's numbering goes on: no sequence is given out twice")
        #expect(history.map(\.kind) == [.groupCreated], "the deleted group's history must be gone")
    }

    @Test("registering and removing a member journal the member and its events")
    func memberRegisterAndRemove() throws {
        let engine = try engineWithGroup()
        let registration = MemberRegistration(id: "a", name: "Adapter A")
        try engine.registerMember(registration, in: key)
        var changes = engine.drainJournal()
        #expect(savedMembers(changes).map(\.registration) == [registration])
        #expect(events(changes).map(\.kind) == [.memberRegistered])
        #expect(try engine.registerMember(registration, in: key) == .unchanged)
        #expect(engine.drainJournal().isEmpty)

        try engine.removeMember("a", from: key)
        changes = engine.drainJournal()
        #expect(changes.contains(.deleteMember(MemberKey(group: key, member: "a"))))
        #expect(events(changes).map(\.kind) == [.memberRemoved])
    }

    @Test("an override journals the member with its override and expiry, and a RoleOverrideSet event")
    func overrideJournaled() throws {
        let engine = try engineWithGroup(members: ["a"])
        let answer = try engine.setRoleOverride(.secondary, expiration: .seconds(60), on: "a", in: key)
        let changes = engine.drainJournal()
        let member = try #require(savedMembers(changes).first)
        #expect(member.roleOverride == .secondary)
        #expect(member.overrideExpiresAt == answer.expirationTime)
        #expect(events(changes).map(\.kind) == [.roleOverrideSet])
    }

    @Test("a promotion journals the group with its Primary and epoch, and a PrimaryChanged event")
    func promotionJournaled() throws {
        let engine = try engineWithGroup(members: ["a"])
        _ = try heartbeat(engine, "a")
        let changes = engine.drainJournal()
        let group = try #require(savedGroups(changes).last)
        #expect(group.primary == "a")
        #expect(group.epoch == 1)
        let event = try #require(events(changes).first)
        #expect(event.kind == .primaryChanged)
        #expect(event.to == "a")
        #expect(event.epoch == 1)
    }

    @Test("a handover journals the pending member, then the promotion that completes it")
    func handoverJournaled() throws {
        let engine = try engineWithGroup(members: ["p", "d"])
        _ = try heartbeat(engine, "p")
        _ = try heartbeat(engine, "d")
        _ = engine.drainJournal()
        _ = try engine.setRoleOverride(.primary, expiration: nil, on: "d", in: key)
        var changes = engine.drainJournal()
        var group = try #require(savedGroups(changes).last)
        #expect(group.primary == "p")
        #expect(group.pending == "d")
        #expect(events(changes).map(\.kind) == [.roleOverrideSet, .handoverStarted])

        #expect(try heartbeat(engine, "p").role == .secondary)
        changes = engine.drainJournal()
        group = try #require(savedGroups(changes).last)
        #expect(group.primary == "d")
        #expect(group.pending == nil)
        #expect(group.epoch == 2)
        #expect(events(changes).map(\.kind) == [.primaryChanged])
    }

    @Test("a heartbeat that changes no role journals nothing durable; it is soft state only")
    func plainHeartbeatIsSoft() throws {
        let engine = try engineWithGroup(members: ["p", "d"])
        _ = try heartbeat(engine, "p")
        _ = try heartbeat(engine, "d")
        _ = engine.drainJournal()
        _ = engine.drainSoftState()

        clock.advance(by: .seconds(2))
        #expect(try heartbeat(engine, "d", score: 40).role == .secondary)
        #expect(engine.drainJournal().isEmpty)
        let soft = engine.drainSoftState()
        #expect(soft.heartbeats.count == 1)
        #expect(soft.heartbeats.first?.0 == MemberKey(group: key, member: "d"))
        #expect(soft.heartbeats.first?.1.score == 40)
        #expect(soft.heartbeats.first?.1.receivedAt == clock.now().wall)
        #expect(soft.watermarks.isEmpty, "only the Primary moves the watermark")
        #expect(engine.drainSoftState().isEmpty, "a drained batch is empty")
    }

    @Test("the Primary's heartbeat that changes no role journals nothing durable and moves the watermark softly")
    func primaryHeartbeatIsSoft() throws {
        let engine = try engineWithGroup(members: ["p"])
        _ = try heartbeat(engine, "p")
        _ = engine.drainJournal()
        _ = engine.drainSoftState()
        clock.advance(by: .seconds(2))
        let processed = clock.now().wall.addingTimeInterval(-1)
        let answer = try engine.heartbeat(HeartbeatInput(score: 70, lastDataProcessedTime: processed), from: "p", in: key)
        #expect(answer.role == .primary)
        #expect(answer.lastDataProcessedTime == processed)
        #expect(engine.drainJournal().isEmpty)
        let soft = engine.drainSoftState()
        #expect(soft.heartbeats.map(\.1.score) == [70])
        #expect(soft.watermarks.count == 1)
        #expect(soft.watermarks.first?.1 == processed)
    }

    @Test("a failed operation journals nothing")
    func failureJournalsNothing() throws {
        let engine = try engineWithGroup(members: ["a"])
        _ = try? engine.registerMember(MemberRegistration(id: "bad/id"), in: key)
        _ = try? engine.registerMember(MemberRegistration(id: "a", name: "other"), in: key)
        _ = try? engine.heartbeat(HeartbeatInput(score: 101), from: "a", in: key)
        _ = try? engine.setRoleOverride(.primary, expiration: .zero, on: "a", in: key)
        _ = try? engine.deleteGroup(key)
        #expect(engine.drainJournal().isEmpty)
        #expect(engine.drainSoftState().isEmpty)
    }

    @Test("events carry sequence numbers 1, 2, 3… per group without gaps, across drains and restarts")
    func eventSequencesHaveNoGaps() throws {
        let h = try Harness(members: ["p", "d", "e"])
        try h.beat("p")
        try h.beat("d")
        try h.override(.primary, on: "d", for: .seconds(5))
        try h.beat("p")
        h.at(.seconds(3))
        try h.remove("e")
        h.crashAndRestart(keepingSoftState: false)
        try h.register("e")
        h.at(.seconds(6))
        h.tick()
        try h.beat("p")
        try h.override(.secondary, on: "p")
        let other = GroupKey(id: "g2")
        try h.engine.createGroup(other, GroupConfiguration(id: "g2"))
        try h.engine.registerMember(MemberRegistration(id: "x"), in: other)
        h.persist()

        let sequences = h.allEvents.filter { $0.group == h.group }.map(\.sequence)
        #expect(sequences.count >= 10)
        #expect(sequences == Array(1...Int64(sequences.count)))
        #expect(h.allEvents.filter { $0.group == other }.map(\.sequence) == [1, 2])
    }

    @Test("events are stamped with the wall time and the acting principal")
    func eventsCarryTimeAndPrincipal() throws {
        let engine = try engineWithGroup(members: ["a"])
        clock.advance(by: .seconds(7))
        engine.actor = Principal(kind: .user, id: "operator-1", tenant: key.tenant, role: .operator)
        _ = try engine.setRoleOverride(.secondary, expiration: nil, on: "a", in: key)
        let event = try #require(events(engine.drainJournal()).first)
        #expect(event.time == clock.now().wall)
        #expect(event.principal == "user:operator-1")
        #expect(event.group == key)
    }

    @Test("the saved member record carries the last heartbeat known when it was saved")
    func memberRecordCarriesHeartbeat() throws {
        let engine = try engineWithGroup(members: ["a"])
        _ = try heartbeat(engine, "a", score: 33)
        _ = try engine.setRoleOverride(.secondary, expiration: nil, on: "a", in: key)
        let member = try #require(savedMembers(engine.drainJournal()).first)
        #expect(member.lastHeartbeat?.score == 33)
    }
}
