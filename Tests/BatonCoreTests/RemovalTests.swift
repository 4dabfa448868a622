import BatonCore
import BatonTestSupport
import Testing

@Suite("Removing members")
struct RemovalTests {
    @Test("removing a live Primary fences promotion until its lease would have run out")
    func removingLivePrimaryFences() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")  // p's lease runs to 10 s
        try h.beat("d")
        _ = h.newRoleEvents()
        h.at(.seconds(3))
        try h.remove("p")
        let moves = h.newRoleEvents()
        #expect(moves.first == "PrimaryChanged p→- e1 removed")
        #expect(moves.dropFirst().map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == ["HandoverStarted -→d e1"])
        var status = try h.status()
        #expect(status.primary == nil)
        #expect(status.pendingPrimary == "d")
        #expect(status.epoch == 1)

        h.at(.seconds(5))
        #expect(try h.role("d") == .pendingPrimary)
        h.at(defaultTimeout - .oneNanosecond)
        h.tick()
        #expect(h.newRoleEvents().isEmpty, "p may still act as Primary until 10 s")
        #expect(try h.role("d") == .pendingPrimary)

        h.at(defaultTimeout)
        h.tick()
        #expect(h.newRoleMoves() == ["PrimaryChanged -→d e2"])
        status = try h.status()
        #expect(status.primary == "d")
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 2)
        #expect(try h.role("d") == .primary)
    }

    @Test("removing a Primary whose lease already ran out promotes the successor at once")
    func removingDeadPrimaryPromotesAtOnce() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        h.at(.seconds(5))
        try h.beat("d")
        h.at(defaultTimeout + .seconds(1))  // p lapsed; nothing has evaluated the group since
        try h.remove("p")
        let status = try h.status()
        #expect(status.primary == "d")
        #expect(status.epoch == 2)
    }

    @Test("removing a silent Primary held by an override promotes a live member at once")
    func removingStaleOverriddenPrimaryPromotesAtOnce() throws {
        let h = try Harness(members: ["s", "d"])
        try h.override(.primary, on: "s")
        #expect(try h.status().primary == "s")
        h.at(.seconds(30))
        try h.beat("d")
        #expect(try h.status().primary == "s")
        _ = h.newRoleEvents()
        try h.remove("s")
        let moves = h.newRoleEvents()
        #expect(moves.first == "PrimaryChanged s→- e1 removed")
        #expect(moves.dropFirst().map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == ["PrimaryChanged -→d e2"])
        #expect(try h.role("d") == .primary)
    }

    @Test("removing a Secondary changes no role and no epoch")
    func removingSecondary() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        try h.beat("d")
        _ = h.newRoleEvents()
        try h.remove("d")
        #expect(h.newRoleEvents().isEmpty)
        #expect(try h.status().primary == "p")
        #expect(try h.status().epoch == 1)
        #expect(throws: EngineError.memberNotFound(h.group, "d")) { try h.beat("d") }
    }

    @Test("the removed member's soft state is not flushed after its removal")
    func removedMemberSoftStateDropped() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        try h.beat("d")
        try h.remove("d")
        let soft = h.engine.drainSoftState()
        #expect(soft.heartbeats.map(\.0.member) == ["p"])
    }
}
