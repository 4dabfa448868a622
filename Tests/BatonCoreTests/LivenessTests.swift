import BatonCore
import BatonTestSupport
import Foundation
import Synchronization
import Testing

/// A clock whose wall reading can jump on its own, as NTP or an operator's `date -s` does,
/// while the monotonic reading moves only with `advance(by:)`.
final class JumpingWallClock: BatonClock {
    private let reading = Mutex(Moment(instant: Instant(nanoseconds: 5_000_000_000), wall: Date(timeIntervalSince1970: 1_800_000_000)))

    func now() -> Moment { reading.withLock { $0 } }

    func advance(by duration: Duration) {
        reading.withLock {
            $0.instant = $0.instant + duration
            $0.wall = $0.wall.addingTimeInterval(duration.timeInterval)
        }
    }

    func jumpWall(by seconds: TimeInterval) {
        reading.withLock { $0.wall = $0.wall.addingTimeInterval(seconds) }
    }
}

@Suite("Liveness and the lease")
struct LivenessTests {
    @Test("a member is live from a heartbeat's receipt until just before receipt + FailoverTimeout")
    func leaseIsReceiptPlusTimeout() throws {
        let h = try Harness(members: ["a", "b"])
        try h.beat("a")
        h.at(.seconds(3))
        try h.beat("b")
        h.at(.seconds(3) + defaultTimeout - .oneNanosecond)
        #expect(try h.view("b").isLive)
        h.at(.seconds(3) + defaultTimeout)
        #expect(try h.view("b").isLive == false)
    }

    @Test("the Primary's lease ends exactly at receipt + FailoverTimeout: the expiry instant is exclusive")
    func primaryLeaseExpiryIsExclusive() throws {
        let h = try Harness(members: ["p", "d"])
        #expect(try h.role("p", score: 90) == .primary)
        try h.beat("d", score: 50)
        h.at(defaultTimeout - .oneNanosecond)
        #expect(try h.role("d", score: 50) == .secondary)
        #expect(try h.status().primary == "p")
        h.at(defaultTimeout)
        #expect(try h.role("d", score: 50) == .primary)
        #expect(try h.view("p").isLive == false)
    }

    @Test("a registered member is not live until it heartbeats")
    func registrationIsNotLiveness() throws {
        let h = try Harness(members: ["a"])
        #expect(try h.view("a").isLive == false)
        try h.beat("a")
        #expect(try h.view("a").isLive)
    }

    @Test("the client's HeartbeatTime is recorded but never shortens or lengthens the lease")
    func heartbeatTimeIsNotTrusted() throws {
        let h = try Harness(members: ["old", "future"])
        let longAgo = h.wall.addingTimeInterval(-86_400)
        let farAhead = h.wall.addingTimeInterval(86_400)
        try h.beat("old", heartbeatTime: longAgo)
        try h.beat("future", heartbeatTime: farAhead)
        #expect(try h.view("old").lastHeartbeat?.heartbeatTime == longAgo)
        #expect(try h.view("old").isLive, "a HeartbeatTime a day old must not make the member stale")
        h.at(defaultTimeout)
        #expect(try h.view("future").isLive == false, "a HeartbeatTime in the future must not extend the lease")
    }

    @Test("wall-clock jumps neither expire nor extend a lease")
    func wallClockJumpsDoNotMatter() throws {
        let clock = JumpingWallClock()
        let engine = Engine(clock: clock)
        let key = GroupKey(id: "g")
        try engine.createGroup(key, GroupConfiguration(id: "g", failoverTimeout: defaultTimeout))
        try engine.registerMember(MemberRegistration(id: "a"), in: key)
        _ = try engine.heartbeat(HeartbeatInput(score: 50), from: "a", in: key)
        clock.jumpWall(by: 3_600)
        #expect(try engine.member("a", in: key).isLive, "the wall jumped an hour ahead")
        #expect(try engine.status(of: key).primary == "a")
        clock.jumpWall(by: -7_200)
        clock.advance(by: defaultTimeout)
        #expect(try engine.member("a", in: key).isLive == false, "the wall jumped back, the lease still ran out")
    }

    @Test("a heartbeat after the lease ran out starts a new lease")
    func heartbeatRenewsLapsedLease() throws {
        let h = try Harness(members: ["a"])
        try h.beat("a")
        h.at(defaultTimeout * 2)
        #expect(try h.view("a").isLive == false)
        try h.beat("a")
        h.at(defaultTimeout * 3 - .oneNanosecond)
        #expect(try h.view("a").isLive)
    }

    @Test("shortening FailoverTimeout does not cut short a lease already granted")
    func shortenedTimeoutKeepsGrantedLease() throws {
        let h = try Harness(timeout: .seconds(60), members: ["p", "d"])
        #expect(try h.role("p") == .primary)  // lease granted to 60 s
        h.at(.seconds(1))
        try h.engine.putGroup(h.group, GroupConfiguration(id: h.group.id, failoverTimeout: .seconds(1)))
        var offset = Duration.milliseconds(1_500)
        while offset < .seconds(60) {
            h.at(offset)
            h.tick()
            #expect(try h.role("d") == .secondary, "at \(offset)")
            offset += .milliseconds(500)
        }
        h.at(.seconds(60))
        h.tick()
        #expect(try h.role("d") == .primary)
    }

    @Test("a heartbeat under a shortened timeout does not cut short the lease an earlier answer granted (its own answer may be lost)")
    func heartbeatAfterShorteningKeepsTheLongerLease() throws {
        let h = try Harness(timeout: .seconds(60), members: ["p", "d"])
        #expect(try h.role("p") == .primary)  // p acts until 0.9 × 60 s = 54 s after sending
        try h.engine.putGroup(h.group, GroupConfiguration(id: h.group.id, failoverTimeout: .seconds(1)))
        h.at(.seconds(10))
        try h.beat("p")  // this answer (1 s) is lost: p still holds its 60 s lease
        h.at(.seconds(20))
        h.tick()
        #expect(try h.role("d") == .secondary)
        h.at(.seconds(60) - .oneNanosecond)
        h.tick()
        #expect(try h.status().primary == "p")
        h.at(.seconds(60))
        h.tick()
        #expect(try h.role("d") == .primary)
    }
}
