import BatonCore
import Testing

/// The epoch: +1 at every change of Primary, never decreasing; the fencing token.
@Suite("Epoch")
struct EpochTests {
    @Test("each promotion adds exactly one to the epoch, and PrimaryChanged events carry the new epoch")
    func promotionIncrementsEpoch() throws {
        let h = try Harness(members: ["a", "b"])
        #expect(try h.beat("a").epoch == 1)
        // Alternate failovers: the silent one's lease runs out while the other heartbeats.
        var (live, silent): (MemberID, MemberID) = ("b", "a")
        var primarysLastBeat = Duration.zero
        for expected in UInt64(2)...UInt64(8) {
            h.at(primarysLastBeat + .seconds(1))
            #expect(try h.beat(live).role == .secondary)
            h.at(primarysLastBeat + defaultTimeout)
            h.tick()
            let answer = try h.beat(live)
            #expect(answer.role == .primary)
            #expect(answer.epoch == expected)
            primarysLastBeat += defaultTimeout
            (live, silent) = (silent, live)
        }
        let promotions = h.allEvents.filter { $0.kind == .primaryChanged && $0.to != nil }
        #expect(promotions.map(\.epoch) == Array(UInt64(1)...UInt64(8)))
    }

    @Test("losing the Primary with nobody to take over leaves the epoch unchanged; the next promotion adds one")
    func primaryToNilKeepsEpoch() throws {
        let h = try Harness(members: ["a", "b"])
        try h.beat("a")
        h.at(defaultTimeout)
        h.tick()
        var status = try h.status()
        #expect(status.primary == nil)
        #expect(status.epoch == 1)
        h.at(defaultTimeout * 2)
        let answer = try h.beat("b")
        #expect(answer.role == .primary)
        #expect(answer.epoch == 2)
        status = try h.status()
        #expect(status.epoch == 2)
    }

    @Test("a cancelled handover leaves the epoch unchanged")
    func cancelledHandoverKeepsEpoch() throws {
        let h = try Harness(members: ["p", "d"])
        try h.beat("p")
        try h.beat("d")
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        #expect(try h.status().pendingPrimary == "d")
        try h.override(.off, on: "d")
        let status = try h.status()
        #expect(status.pendingPrimary == nil)
        #expect(status.primary == "p")
        #expect(status.epoch == 1)
        #expect(try h.beat("p").epoch == 1)
    }

    @Test("every heartbeat answer, whatever the role, carries the group's current epoch")
    func answersCarryEpoch() throws {
        let h = try Harness(members: ["p", "d", "e"])
        try h.beat("p")
        try h.beat("d")
        try h.beat("e")
        h.at(.seconds(1))
        try h.override(.primary, on: "d")
        try h.beat("p")  // d Primary, epoch 2
        let epoch = try h.status().epoch
        #expect(epoch == 2)
        for member in ["p", "d", "e"] {
            #expect(try h.beat(member).epoch == epoch)
        }
    }
}
