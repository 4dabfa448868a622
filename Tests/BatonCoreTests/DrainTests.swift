import BatonCore
import Testing

/// `RoleOverride = Secondary`: the member is never eligible while it holds.
@Suite("Drain")
struct DrainTests {
    @Test("a drained member is never elected, even with the best score")
    func drainedMemberNeverElected() throws {
        let h = try Harness(members: ["x", "d", "b"])
        try h.beat("x", score: 100)
        try h.override(.secondary, on: "d")
        h.at(.seconds(1))
        try h.beat("d", score: 100)
        try h.beat("b", score: 20)
        h.at(.seconds(6))
        try h.beat("d", score: 100)
        try h.beat("b", score: 20)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().primary == "b")
        #expect(try h.role("d", score: 100) == .secondary)
    }

    @Test("a lone drained member is never made Primary")
    func loneDrainedMember() throws {
        let h = try Harness(members: ["d"])
        try h.override(.secondary, on: "d")
        for offset in stride(from: 0, through: 30, by: 5) {
            h.at(.seconds(Int64(offset)))
            #expect(try h.role("d", score: 100) == .secondary)
        }
        #expect(try h.status().primary == nil)
        #expect(try h.status().epoch == 0)
    }

    @Test("a drained Primary hands over to the best other member through PendingPrimary")
    func drainedPrimaryHandsOver() throws {
        let h = try Harness(members: ["p", "b", "c"])
        try h.beat("p", score: 90)
        try h.beat("b", score: 30)
        try h.beat("c", score: 60)
        _ = h.newRoleEvents()
        h.at(.seconds(1))
        try h.override(.secondary, on: "p")
        #expect(h.newRoleEvents() == ["HandoverStarted p→c e1 drain"])
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == "c")
        #expect(try h.role("c", score: 60) == .pendingPrimary)
        let demotion = try h.beat("p", score: 90)
        #expect(demotion.role == .secondary)
        #expect(demotion.epoch == 2)
        #expect(try h.status().primary == "c")
    }

    @Test("a drained Primary with no live eligible successor keeps the role (documented decision)")
    func drainedPrimaryWithoutSuccessorKeepsRole() throws {
        let h = try Harness(members: ["p", "silent"])
        try h.beat("p", score: 90)
        try h.override(.secondary, on: "p")
        for offset in stride(from: 1, through: 31, by: 5) {
            h.at(.seconds(Int64(offset)))
            h.tick()
            let answer = try h.beat("p", score: 90)
            #expect(answer.role == .primary)
            #expect(answer.epoch == 1)
        }
        #expect(try h.status().pendingPrimary == nil)
    }

    @Test("a drained Primary that kept the role hands over as soon as a successor heartbeats")
    func drainedPrimaryHandsOverWhenSuccessorArrives() throws {
        let h = try Harness(members: ["p", "b"])
        try h.beat("p", score: 90)
        try h.override(.secondary, on: "p")
        h.at(.seconds(3))
        #expect(try h.role("b", score: 10) == .pendingPrimary)
        #expect(try h.role("p", score: 90) == .secondary)
        #expect(try h.status().primary == "b")
    }

    @Test("undraining with Off makes the member eligible again")
    func undrain() throws {
        let h = try Harness(members: ["d"])
        try h.override(.secondary, on: "d")
        #expect(try h.role("d") == .secondary)
        try h.override(.off, on: "d")
        #expect(try h.status().primary == "d")
        #expect(try h.role("d") == .primary)
    }
}
