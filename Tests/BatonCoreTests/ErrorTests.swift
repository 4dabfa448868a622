import BatonCore
import Foundation
import Testing

@Suite("Errors")
struct ErrorTests {
    let clock = TestClock()
    let key = GroupKey(id: "g")

    private func engineWithGroup(members: [MemberID] = []) throws -> Engine {
        let engine = Engine(clock: clock)
        try engine.createGroup(key, GroupConfiguration(id: "g"))
        for member in members { try engine.registerMember(MemberRegistration(id: member), in: key) }
        return engine
    }

    @Test("every operation on an unknown group is groupNotFound")
    func groupNotFound() throws {
        let engine = try engineWithGroup(members: ["a"])
        let missing = GroupKey(id: "missing")
        let expected = EngineError.groupNotFound(missing)
        #expect(throws: expected) { try engine.status(of: missing) }
        #expect(throws: expected) { try engine.configuration(of: missing) }
        #expect(throws: expected) { try engine.members(of: missing) }
        #expect(throws: expected) { try engine.member("a", in: missing) }
        #expect(throws: expected) { try engine.registerMember(MemberRegistration(id: "a"), in: missing) }
        #expect(throws: expected) { try engine.removeMember("a", from: missing) }
        #expect(throws: expected) { try engine.heartbeat(HeartbeatInput(score: 1), from: "a", in: missing) }
        #expect(throws: expected) { try engine.setRoleOverride(.off, expiration: nil, on: "a", in: missing) }
        #expect(throws: expected) { try engine.deleteGroup(missing) }
        #expect(throws: EngineError.groupNotFound(GroupKey(tenant: "other", id: "g"))) {
            try engine.status(of: GroupKey(tenant: "other", id: "g"))
        }
    }

    @Test("every operation on an unknown member is memberNotFound")
    func memberNotFound() throws {
        let engine = try engineWithGroup(members: ["a"])
        let expected = EngineError.memberNotFound(key, "ghost")
        #expect(throws: expected) { try engine.member("ghost", in: key) }
        #expect(throws: expected) { try engine.removeMember("ghost", from: key) }
        #expect(throws: expected) { try engine.heartbeat(HeartbeatInput(score: 1), from: "ghost", in: key) }
        #expect(throws: expected) { try engine.setRoleOverride(.primary, expiration: nil, on: "ghost", in: key) }
    }

    @Test("creating an existing group with another configuration is groupConflict; with the same one, unchanged")
    func groupConflict() throws {
        let engine = try engineWithGroup()
        #expect(throws: EngineError.groupConflict(key)) {
            try engine.createGroup(key, GroupConfiguration(id: "g", failoverTimeout: .seconds(5)))
        }
        #expect(throws: EngineError.groupConflict(key)) {
            try engine.createGroup(key, GroupConfiguration(id: "g", preemption: .none))
        }
        #expect(try engine.createGroup(key, GroupConfiguration(id: "g")) == .unchanged)
        #expect(try engine.configuration(of: key) == GroupConfiguration(id: "g"))
    }

    @Test("registering an existing member with another name is memberConflict; other data replaces it; the same again, unchanged")
    func memberConflict() throws {
        let engine = try engineWithGroup()
        try engine.registerMember(MemberRegistration(id: "a", name: "A"), in: key)
        #expect(throws: EngineError.memberConflict(key, "a")) {
            try engine.registerMember(MemberRegistration(id: "a", name: "B"), in: key)
        }
        #expect(try engine.registerMember(MemberRegistration(id: "a", name: "A", additionalData: .bool(true)), in: key) == .updated)
        #expect(try engine.member("a", in: key).registration.additionalData == .bool(true))
        #expect(try engine.registerMember(MemberRegistration(id: "a", name: "A", additionalData: .bool(true)), in: key) == .unchanged)
    }

    @Test("deleting a group that still has members is groupHasMembers and keeps the group")
    func groupHasMembers() throws {
        let engine = try engineWithGroup(members: ["a", "b"])
        #expect(throws: EngineError.groupHasMembers(key, count: 2)) { try engine.deleteGroup(key) }
        #expect(try engine.members(of: key).count == 2)
        try engine.removeMember("a", from: key)
        try engine.removeMember("b", from: key)
        try engine.deleteGroup(key)
        #expect(throws: EngineError.groupNotFound(key)) { try engine.status(of: key) }
    }

    static let invalidIDs: [String] = [
        "", String(repeating: "x", count: 101), "a/b", "a?b", "a#b", "a%b", "a\u{0}b", "line\nbreak", "tab\t",
        "del\u{7F}", "c1\u{85}",
    ]

    @Test("an invalid member id is refused", arguments: invalidIDs)
    func invalidMemberID(id: String) throws {
        let engine = try engineWithGroup()
        let error = #expect(throws: EngineError.self) { try engine.registerMember(MemberRegistration(id: id), in: key) }
        #expect(isInvalid(error, field: "Id"))
        #expect(try engine.members(of: key).isEmpty)
    }

    @Test("an invalid group id, tenant or namespace is refused", arguments: invalidIDs)
    func invalidGroupID(id: String) throws {
        let engine = Engine(clock: clock)
        let error = #expect(throws: EngineError.self) { try engine.createGroup(GroupKey(id: id), GroupConfiguration(id: id)) }
        #expect(isInvalid(error, field: "Id"))
        let tenant = #expect(throws: EngineError.self) {
            try engine.createGroup(GroupKey(tenant: id, id: "g"), GroupConfiguration(id: "g"))
        }
        #expect(isInvalid(tenant, field: "tenantId"))
        let namespace = #expect(throws: EngineError.self) {
            try engine.putGroup(GroupKey(namespace: id, id: "g"), GroupConfiguration(id: "g"))
        }
        #expect(isInvalid(namespace, field: "namespaceId"))
    }

    @Test("ids of 1 to 100 ordinary characters, Unicode included, are accepted",
          arguments: ["a", String(repeating: "x", count: 100), "Adapter 1 (site-B)", "é-Ω-日本", "a.b_c:d@e"])
    func validIDs(id: String) throws {
        let engine = Engine(clock: clock)
        let group = GroupKey(id: id)
        #expect(try engine.createGroup(group, GroupConfiguration(id: id)) == .created)
        #expect(try engine.registerMember(MemberRegistration(id: id), in: group) == .created)
    }

    @Test("a configuration whose id differs from the group's is refused")
    func configurationIDMismatch() {
        let engine = Engine(clock: clock)
        let error = #expect(throws: EngineError.self) { try engine.createGroup(key, GroupConfiguration(id: "other")) }
        #expect(isInvalid(error, field: "Id"))
    }

    @Test(
        "a FailoverTimeout outside 100 ms to 1 day is refused",
        arguments: [Duration.zero, .milliseconds(-1), .milliseconds(99), .milliseconds(100) - .nanoseconds(1),
                    .seconds(86_400) + .nanoseconds(1), .seconds(2 * 86_400)])
    func invalidTimeout(timeout: Duration) throws {
        let engine = Engine(clock: clock)
        let created = #expect(throws: EngineError.self) {
            try engine.createGroup(key, GroupConfiguration(id: "g", failoverTimeout: timeout))
        }
        #expect(isInvalid(created, field: "FailoverTimeout"))
        try engine.createGroup(key, GroupConfiguration(id: "g"))
        let updated = #expect(throws: EngineError.self) {
            try engine.putGroup(key, GroupConfiguration(id: "g", failoverTimeout: timeout))
        }
        #expect(isInvalid(updated, field: "FailoverTimeout"))
        #expect(try engine.configuration(of: key).failoverTimeout == GroupConfiguration.defaultFailoverTimeout)
    }

    @Test("a FailoverTimeout of exactly 100 ms or exactly 1 day is accepted",
          arguments: [Duration.milliseconds(100), .seconds(86_400)])
    func boundaryTimeouts(timeout: Duration) throws {
        let engine = Engine(clock: clock)
        #expect(try engine.createGroup(key, GroupConfiguration(id: "g", failoverTimeout: timeout)) == .created)
    }

    @Test("a FailoverScore outside 0 to 100 is refused and renews nothing",
          arguments: [-0.1, 100.01, -1, 1_000, Double.nan, .infinity, -.infinity])
    func invalidScore(score: Double) throws {
        let engine = try engineWithGroup(members: ["a"])
        let error = #expect(throws: EngineError.self) { try engine.heartbeat(HeartbeatInput(score: score), from: "a", in: key) }
        #expect(isInvalid(error, field: "FailoverScore"))
        #expect(try engine.member("a", in: key).isLive == false)
        #expect(try engine.status(of: key).primary == nil)
    }

    @Test("scores 0 and 100 are accepted", arguments: [0.0, 100.0, 99.5])
    func boundaryScores(score: Double) throws {
        let engine = try engineWithGroup(members: ["a"])
        #expect(try engine.heartbeat(HeartbeatInput(score: score), from: "a", in: key).role == .primary)
    }
}
