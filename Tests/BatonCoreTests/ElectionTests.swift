import BatonCore
import Testing

/// Rule 3: who is elected when nobody holds the role. Most scenarios start with "x" as a
/// Primary at score 100 (so nobody preempts it) that falls silent after its heartbeat at
/// `xLastBeat`; the election happens at its lease expiry, in `processDueDeadlines`.
@Suite("Election")
struct ElectionTests {
    @Test("a lone live member becomes Primary with epoch 1")
    func loneLiveMemberBecomesPrimary() throws {
        let h = try Harness(members: ["a"])
        let answer = try h.beat("a", score: 40)
        #expect(answer.role == .primary)
        #expect(answer.epoch == 1)
        let status = try h.status()
        #expect(status.primary == "a")
        #expect(status.epoch == 1)
        #expect(h.newRoleEvents() == ["PrimaryChanged -→a e1 elected"])
    }

    @Test("a lone live member at score 0 also becomes Primary")
    func loneMemberAtScoreZeroBecomesPrimary() throws {
        let h = try Harness(members: ["a"])
        #expect(try h.role("a", score: 0) == .primary)
    }

    @Test("registration alone, without a heartbeat, never elects anyone")
    func registrationAloneNeverElects() throws {
        let h = try Harness(members: ["a", "b"])
        h.at(defaultTimeout * 3)
        h.tick()
        let status = try h.status()
        #expect(status.primary == nil)
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 0)
        #expect(try h.view("a").role == .secondary)
        #expect(h.newRoleEvents().isEmpty)
    }

    @Test("the member with the highest score is elected")
    func highestScoreWins() throws {
        let h = try Harness(members: ["x", "a", "b", "c"])
        try h.beat("x", score: 100)
        for offset in [Duration.seconds(1), .seconds(6)] {
            h.at(offset)
            try h.beat("a", score: 30)
            try h.beat("b", score: 90)
            try h.beat("c", score: 60)
        }
        _ = h.newRoleEvents()
        h.at(defaultTimeout)
        h.tick()
        #expect(h.newRoleEvents() == ["PrimaryChanged x→b e2 lease-expired"])
        #expect(try h.status().primary == "b")
    }

    @Test("on equal scores the member live longest wins, even over a smaller id")
    func tieGoesToLongestLive() throws {
        let h = try Harness(members: ["x", "a", "b"])
        try h.beat("x", score: 100)
        h.at(.seconds(1))
        try h.beat("b", score: 50)
        h.at(.seconds(2))
        try h.beat("a", score: 50)
        h.at(.seconds(6))
        try h.beat("a", score: 50)
        try h.beat("b", score: 50)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().primary == "b")
    }

    @Test("an interruption of liveness restarts the member's run: the one live longest without interruption wins")
    func interruptedLivenessResets() throws {
        let h = try Harness(members: ["x", "a", "b"])
        try h.beat("x", score: 100)
        h.at(.seconds(1))
        try h.beat("a", score: 50)  // a's run starts first...
        h.at(.seconds(2))
        try h.beat("b", score: 50)
        h.at(.seconds(6))
        try h.beat("x", score: 100)
        try h.beat("b", score: 50)
        h.at(.seconds(11))  // ...and ends here: a's lease ran out at 1 s + 10 s.
        try h.beat("x", score: 100)
        try h.beat("b", score: 50)
        h.at(.seconds(12))
        try h.beat("a", score: 50)  // a new run from 12 s
        h.at(.seconds(16))
        try h.beat("a", score: 50)
        try h.beat("b", score: 50)
        _ = h.newRoleEvents()
        h.at(.seconds(21))  // x's lease (11 s + 10 s) runs out
        h.tick()
        #expect(h.newRoleEvents() == ["PrimaryChanged x→b e2 lease-expired"])
    }

    @Test("on equal scores and equally long liveness the smallest id wins")
    func tieGoesToSmallestID() throws {
        let h = try Harness(members: ["x", "a", "b"])
        try h.beat("x", score: 100)
        h.at(.seconds(1))
        try h.beat("b", score: 50)
        try h.beat("a", score: 50)
        h.at(.seconds(6))
        try h.beat("b", score: 50)
        try h.beat("a", score: 50)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().primary == "a")
    }

    @Test("a member at score 0 is passed over for any live member with a score, however long it has been live")
    func scoreZeroIsPassedOver() throws {
        let h = try Harness(members: ["x", "a", "b"])
        try h.beat("x", score: 100)
        h.at(.seconds(1))
        try h.beat("a", score: 0)
        h.at(.seconds(2))
        try h.beat("b", score: 5)
        h.at(.seconds(6))
        try h.beat("a", score: 0)
        try h.beat("b", score: 5)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().primary == "b")
    }

    @Test("when no live member has a score above 0, a member at score 0 is still elected")
    func scoreZeroIsElectedWhenNobodyHasMore() throws {
        let h = try Harness(members: ["x", "a", "b"])
        try h.beat("x", score: 100)
        h.at(.seconds(1))
        try h.beat("b", score: 0)
        h.at(.seconds(2))
        try h.beat("a", score: 0)
        h.at(.seconds(6))
        try h.beat("a", score: 0)
        try h.beat("b", score: 0)
        h.at(defaultTimeout)
        h.tick()
        let status = try h.status()
        #expect(status.primary == "b")
        #expect(status.epoch == 2)
    }

    @Test("a member whose lease has lapsed is not elected, even with the higher score")
    func staleMemberIsNotElected() throws {
        let h = try Harness(members: ["x", "a", "b"])
        try h.beat("x", score: 100)
        try h.beat("a", score: 90)  // silent from here: lapses together with x
        h.at(.seconds(1))
        try h.beat("b", score: 20)
        h.at(.seconds(6))
        try h.beat("b", score: 20)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().primary == "b")
    }

    @Test("a registered member that never heartbeated is not elected")
    func silentMemberIsNotElected() throws {
        let h = try Harness(members: ["x", "a", "b"])
        try h.beat("x", score: 100)
        h.at(.seconds(1))
        try h.beat("b", score: 1)
        h.at(.seconds(6))
        try h.beat("b", score: 1)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().primary == "b")
    }

    @Test("when the Primary's lease runs out and nobody is live, the group has no Primary")
    func nobodyLiveMeansNoPrimary() throws {
        let h = try Harness(members: ["x", "a"])
        try h.beat("x", score: 100)
        _ = h.newRoleEvents()
        h.at(defaultTimeout)
        h.tick()
        #expect(h.newRoleEvents() == ["PrimaryChanged x→- e1 lease-expired"])
        let status = try h.status()
        #expect(status.primary == nil)
        #expect(status.epoch == 1)
    }
}
