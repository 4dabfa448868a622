import BatonCore
import BatonTestSupport
import Testing

/// Rule 2: keep a healthy Primary, unless the preemption policy says otherwise.
@Suite("Keeping a healthy Primary and score preemption")
struct PreemptionTests {
    /// Both heartbeat every `interval` from `from` through `through` (offsets from the start).
    private func beatBoth(
        _ h: Harness, _ p: (MemberID, Double), _ d: (MemberID, Double), from: Duration, through: Duration,
        every interval: Duration = .seconds(5)
    ) throws {
        var offset = from
        while offset <= through {
            h.at(offset)
            h.tick()
            try h.beat(p.0, score: p.1)
            try h.beat(d.0, score: d.1)
            offset += interval
        }
    }

    @Test("a healthy Primary keeps its role against a Secondary with the same score")
    func equalScoreNeverPreempts() throws {
        let h = try Harness(members: ["p", "d"])
        try beatBoth(h, ("p", 50), ("d", 50), from: .zero, through: .seconds(60))
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 1)
    }

    @Test("a strictly better Secondary does not take over before one whole FailoverTimeout, and starts the handover at it")
    func hysteresisBoundary() throws {
        let h = try Harness(members: ["p", "d"])
        #expect(try h.role("p", score: 50) == .primary)
        #expect(try h.role("d", score: 80) == .secondary)  // better from 0 s
        h.at(.seconds(5))
        try h.beat("p", score: 50)
        try h.beat("d", score: 80)
        _ = h.newRoleEvents()

        h.at(defaultTimeout - .oneNanosecond)
        h.tick()
        #expect(try h.role("d", score: 80) == .secondary)
        #expect(try h.status().pendingPrimary == nil)
        #expect(h.newRoleEvents().isEmpty)

        h.at(defaultTimeout)
        h.tick()
        #expect(h.newRoleEvents() == ["HandoverStarted p→d e1 score"], "the timer must start the handover at the boundary")
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == "d")

        let demotion = try h.beat("p", score: 50)
        #expect(demotion.role == .secondary)
        #expect(demotion.epoch == 2)
        #expect(h.newRoleEvents() == ["PrimaryChanged p→d e2 score"])
        #expect(try h.role("d", score: 80) == .primary)
    }

    @Test("a dip to the Primary's score restarts the hysteresis clock")
    func dipResetsHysteresis() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p", score: 50)
        try h.beat("d", score: 80)
        h.at(.seconds(4))
        try h.beat("p", score: 50)
        try h.beat("d", score: 50)  // not strictly greater: the clock stops
        h.at(.seconds(5))
        try h.beat("d", score: 80)  // better again from 5 s
        h.at(.seconds(9))
        try h.beat("p", score: 50)
        try h.beat("d", score: 80)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().pendingPrimary == nil, "without the dip d would have been better for a whole timeout")
        h.at(.seconds(14))
        try h.beat("p", score: 50)
        try h.beat("d", score: 80)
        h.at(.seconds(15) - .oneNanosecond)
        h.tick()
        #expect(try h.status().pendingPrimary == nil)
        h.at(.seconds(15))
        h.tick()
        #expect(try h.status().pendingPrimary == "d")
    }

    @Test("a rise of the Primary's score to the challenger's restarts the hysteresis clock too")
    func primaryCatchingUpResetsHysteresis() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p", score: 50)
        try h.beat("d", score: 80)
        h.at(.seconds(4))
        try h.beat("p", score: 80)
        try h.beat("d", score: 80)
        h.at(.seconds(6))
        try h.beat("p", score: 50)  // d better again from 6 s
        try h.beat("d", score: 80)
        h.at(defaultTimeout)
        h.tick()
        #expect(try h.status().pendingPrimary == nil)
        h.at(.seconds(12))
        try h.beat("p", score: 50)
        try h.beat("d", score: 80)
        h.at(.seconds(16))
        h.tick()
        #expect(try h.status().pendingPrimary == "d")
    }

    @Test("policy none never preempts a healthy Primary, however much better a Secondary is")
    func policyNoneNeverPreempts() throws {
        let h = try Harness(preemption: .none, members: ["p", "d"])
        try beatBoth(h, ("p", 10), ("d", 100), from: .zero, through: .seconds(60))
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 1)
    }

    @Test("a Primary that drops to score 0 is replaced at once by a live member with a score")
    func primaryAtZeroIsReplacedAtOnce() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p", score: 50)
        try h.beat("d", score: 30)
        _ = h.newRoleEvents()
        h.at(.seconds(1))
        let answer = try h.beat("p", score: 0)
        #expect(answer.role == .secondary, "its own heartbeat is the demotion notice")
        #expect(answer.epoch == 2)
        #expect(h.newRoleEvents() == ["HandoverStarted p→d e1 score", "PrimaryChanged p→d e2 score"])
        #expect(try h.role("d", score: 30) == .primary)
    }

    @Test("a member with a score arriving while the Primary is at 0 becomes PendingPrimary at once, without hysteresis")
    func scoredMemberArrivingAtZeroPrimary() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p", score: 0)
        h.at(.seconds(1))
        #expect(try h.role("d", score: 30) == .pendingPrimary)
        #expect(try h.status().pendingPrimary == "d")
        #expect(try h.role("p", score: 0) == .secondary)
        #expect(try h.status().primary == "d")
    }

    @Test("a Primary at score 0 keeps its role when no live member has a score above 0")
    func primaryAtZeroKeptWithoutBetter() throws {
        let h = try Harness(members: ["p", "d"])
        try beatBoth(h, ("p", 0), ("d", 0), from: .zero, through: .seconds(60))
        let status = try h.status()
        #expect(status.primary == "p")
        #expect(status.pendingPrimary == nil)
        #expect(status.epoch == 1)
    }

    @Test("under policy none a Primary that drops to score 0 is still replaced")
    func policyNoneStillReplacesScoreZero() throws {
        let h = try Harness(preemption: .none, members: ["p", "d"])
        try h.beat("p", score: 50)
        try h.beat("d", score: 30)
        h.at(.seconds(1))
        #expect(try h.role("p", score: 0) == .secondary)
        #expect(try h.status().primary == "d")
    }
}
