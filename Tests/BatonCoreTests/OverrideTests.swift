import BatonCore
import Foundation
import Testing

/// Rule 1: role overrides.
@Suite("Role override")
struct OverrideTests {
    @Test("a Primary override wins even for a member that never heartbeated, and holds while it stays silent")
    func primaryOverrideWinsForStaleMember() throws {
        let h = try Harness(members: ["p", "s"])
        try h.beat("p", score: 100)
        h.at(.seconds(1))
        try h.override(.primary, on: "s")
        #expect(try h.status().pendingPrimary == "s", "p is live: the role moves through PendingPrimary")
        #expect(try h.role("p", score: 100) == .secondary)
        for offset in stride(from: 5, through: 60, by: 5) {
            h.at(.seconds(Int64(offset)))
            h.tick()
            try h.beat("p", score: 100)
        }
        let status = try h.status()
        #expect(status.primary == "s")
        #expect(status.epoch == 2)
        let view = try h.view("s")
        #expect(view.role == .primary)
        #expect(view.isLive == false)
    }

    @Test("a Primary override on a member when nobody holds the role promotes it at once")
    func primaryOverrideWithoutLivePrimary() throws {
        let h = try Harness(members: ["a", "s"])
        try h.override(.primary, on: "s")
        let status = try h.status()
        #expect(status.primary == "s")
        #expect(status.epoch == 1)
        #expect(try h.role("s", score: 0) == .primary)
    }

    @Test("setting a Primary override clears the other members' Primary overrides")
    func primaryOverrideIsExclusive() throws {
        let h = try Harness(members: ["a", "b", "c"])
        try h.override(.primary, on: "a", for: .seconds(3_600))
        try h.override(.primary, on: "b")
        let a = try h.view("a")
        #expect(a.roleOverride == .off)
        #expect(a.roleOverrideExpirationTime == nil)
        #expect(try h.view("b").roleOverride == .primary)
        #expect(h.store.members[MemberKey(group: h.group, member: "a")]?.roleOverride == .off,
                "the cleared override must reach the store too")
    }

    @Test("the answer and the member view carry the override's wall-clock expiry")
    func overrideAnswerCarriesExpiry() throws {
        let h = try Harness(members: ["a"])
        let setAt = h.wall
        let answer = try h.override(.secondary, on: "a", for: .seconds(90))
        #expect(answer.value == .secondary)
        #expect(answer.expirationTime == setAt.addingTimeInterval(90))
        #expect(try h.view("a").roleOverrideExpirationTime == setAt.addingTimeInterval(90))
    }

    @Test("an override without an expiration never expires")
    func overrideWithoutExpiration() throws {
        let h = try Harness(members: ["a"])
        let answer = try h.override(.secondary, on: "a")
        #expect(answer.expirationTime == nil)
        h.at(.seconds(400 * 86_400))
        h.tick()
        #expect(try h.view("a").roleOverride == .secondary)
    }

    @Test("an expiring Primary override returns the member to normal rules at the deadline, through the timer")
    func primaryOverrideExpires() throws {
        let h = try Harness(members: ["p", "s"])
        try h.beat("p", score: 50)
        h.at(.seconds(1))
        try h.override(.primary, on: "s", for: .seconds(30))
        try h.beat("p", score: 50)  // demotion notice: s is Primary (epoch 2), though silent
        #expect(try h.status().primary == "s")
        for offset in stride(from: 6, through: 26, by: 5) {
            h.at(.seconds(Int64(offset)))
            h.tick()
            #expect(try h.role("p", score: 50) == .secondary)
        }
        _ = h.newEvents()
        h.at(.seconds(31) - .milliseconds(1))
        h.tick()
        #expect(h.newEvents().isEmpty)
        h.at(.seconds(31))
        h.tick()
        let events = h.newEvents()
        #expect(events.count == 2)
        #expect(events.first == "RoleOverrideExpired -→s e2 override")
        #expect(events.last?.hasPrefix("PrimaryChanged s→p e3 ") == true, "s holds no lease: p takes over at once")
        let view = try h.view("s")
        #expect(view.roleOverride == .off)
        #expect(view.roleOverrideExpirationTime == nil)
        #expect(try h.status().primary == "p")
    }

    @Test("an expiring drain makes the member eligible again at the deadline")
    func drainExpires() throws {
        let h = try Harness(members: ["d"])
        try h.override(.secondary, on: "d", for: .seconds(8))
        #expect(try h.role("d") == .secondary)
        h.at(.seconds(4))
        #expect(try h.role("d") == .secondary)
        h.at(.seconds(8))
        h.tick()
        #expect(h.newEvents().contains("RoleOverrideExpired -→d e0 override"))
        #expect(h.store.members[MemberKey(group: h.group, member: "d")]?.roleOverride == .off,
                "the expiry must reach the store")
        #expect(try h.status().primary == "d", "d is live and alone: elected as soon as the drain ends")
    }

    @Test("Off clears an override and its expiry")
    func offClears() throws {
        let h = try Harness(members: ["a", "b"])
        try h.beat("a")
        try h.beat("b")
        try h.override(.primary, on: "b", for: .seconds(60))
        let answer = try h.override(.off, on: "b", for: .seconds(60))
        #expect(answer.value == .off)
        #expect(answer.expirationTime == nil)
        let view = try h.view("b")
        #expect(view.roleOverride == .off)
        #expect(view.roleOverrideExpirationTime == nil)
        #expect(try h.status().pendingPrimary == nil, "without the override a stays the healthy Primary")
        #expect(try h.status().primary == "a")
    }

    @Test(
        "an expiration period of zero, below zero or beyond 366 days is refused",
        arguments: [Duration.zero, .seconds(-1), Engine.maximumOverridePeriod + .nanoseconds(1)])
    func invalidPeriods(period: Duration) throws {
        let h = try Harness(members: ["a"])
        for value in [RoleOverride.primary, .secondary] {
            let error = #expect(throws: EngineError.self) { try h.override(value, on: "a", for: period) }
            #expect(isInvalid(error, field: "ExpirationPeriod"))
        }
        #expect(try h.view("a").roleOverride == .off)
    }

    @Test("an expiration period of exactly 366 days is accepted")
    func maximumPeriodAccepted() throws {
        let h = try Harness(members: ["a"])
        let answer = try h.override(.secondary, on: "a", for: .seconds(366 * 86_400))
        #expect(answer.value == .secondary)
    }

    @Test("an override on an unknown member is memberNotFound and on an unknown group groupNotFound")
    func overrideOnUnknown() throws {
        let h = try Harness(members: ["a"])
        #expect(throws: EngineError.memberNotFound(h.group, "zz")) {
            try h.engine.setRoleOverride(.primary, expiration: nil, on: "zz", in: h.group)
        }
        let other = GroupKey(id: "nope")
        #expect(throws: EngineError.groupNotFound(other)) {
            try h.engine.setRoleOverride(.primary, expiration: nil, on: "a", in: other)
        }
    }

    @Test("an override records who set it")
    func overrideRecordsPrincipal() throws {
        let h = try Harness(members: ["a"])
        h.engine.actor = Principal(kind: .client, id: "alice", tenant: h.group.tenant, role: .operator)
        try h.override(.secondary, on: "a", for: .seconds(60))
        let event = try #require(h.allEvents.last { $0.kind == .roleOverrideSet })
        #expect(event.principal == "client:alice")
        #expect(event.to == "a")
    }
}
