import BatonCore
import BatonJSON
import BatonServer
import BatonTestSupport
import Foundation
import HTTPTypes
import Testing

/// Two Baton instances on one PostgreSQL database, in this process: each has its own
/// coordinator and connections, both share a TestClock as they share the database clock.
/// Any instance answers any request; they must agree, and never both promote.
@Suite(.needsPostgres)
struct TwoInstanceTests {
    let prefix = APIPrefix.cloud

    @Test func heartbeatsSpreadOverBothInstancesGiveOneViewAndOnePromotion() async throws {
        try await withTwoInstances { one, two in
            try await one.createGroup(prefix, "g")
            try await two.register(prefix, "g", "a")
            try await one.register(prefix, "g", "b")
            #expect(try await one.role(prefix, "g", "a") == 1)
            #expect(try await two.role(prefix, "g", "b") == 0)
            // Each instance sees the other's heartbeats at once.
            #expect(try await two.status(prefix, "g").roles == StatusReading(primary: "a", pending: nil, epoch: 1))
            #expect(try await two.session(prefix, "g", "a")[caseInsensitive: "LastHeartbeatTime"] != JSONValue.null)

            // b keeps heartbeating through the other instance; a stops.
            for _ in 0..<4 {
                await one.clock.advance(by: .seconds(3))
                _ = try await two.role(prefix, "g", "b")
            }
            async let firstPoll: Void = one.runtime.coordinator.processDueDeadlines()
            async let secondPoll: Void = two.runtime.coordinator.processDueDeadlines()
            _ = await (firstPoll, secondPoll)
            let seenByOne = try await one.status(prefix, "g")
            let seenByTwo = try await two.status(prefix, "g")
            #expect(seenByOne.roles == StatusReading(primary: "b", pending: nil, epoch: 2))
            #expect(seenByTwo.roles == seenByOne.roles)
            let promotions = try await one.events(prefix, "g").filter { $0.string("Type") == "PrimaryChanged" }
            #expect(promotions.map { $0.string("To") } == ["a", "b"])
            #expect(promotions.map { $0.number("Epoch") } == [1, 2])
            let back = try await one.heartbeat(prefix, "g", "a")
            #expect(try back.number("Role") == 0)
            #expect(try back.number("Epoch") == 2)
        }
    }

    /// The same expiry seen by both instances at once — both timers, or one timer and the
    /// successor's heartbeat on the other — promotes exactly once, every time.
    @Test func bothInstancesRacingOnTheSameExpiryPromoteOnceEachTime() async throws {
        let rounds = Int(ProcessInfo.processInfo.environment["BATON_RACE_ROUNDS"] ?? "") ?? 1000
        try await withTwoInstances { one, two in
            try await one.createGroup(prefix, "g")
            try await one.register(prefix, "g", "a")
            try await one.register(prefix, "g", "b")
            #expect(try await one.role(prefix, "g", "a") == 1)
            #expect(try await two.role(prefix, "g", "b") == 0)
            var primary = "a"
            var standby = "b"
            var epoch = 1.0
            for round in 1...rounds {
                // The standby stays live; the Primary falls silent past its lease.
                await one.clock.advance(by: .seconds(6))
                _ = try await one.role(prefix, "g", standby)
                await one.clock.advance(by: .seconds(5))
                if round.isMultiple(of: 2) {
                    async let timerOne: Void = one.runtime.coordinator.processDueDeadlines()
                    async let timerTwo: Void = two.runtime.coordinator.processDueDeadlines()
                    _ = await (timerOne, timerTwo)
                } else {
                    let successor = standby
                    async let timer: Void = one.runtime.coordinator.processDueDeadlines()
                    async let heartbeat = two.heartbeat(prefix, "g", successor)
                    _ = try await (timer, heartbeat)
                }
                epoch += 1
                let status = try await two.status(prefix, "g")
                guard status.roles == StatusReading(primary: standby, pending: nil, epoch: epoch) else {
                    Issue.record("round \(round): \(status)")
                    return
                }
                // The old Primary comes back as the standby.
                #expect(try await one.role(prefix, "g", primary) == 0)
                swap(&primary, &standby)
            }
            // The history, page by page: one promotion per round, epochs 1, 2, 3, … without a gap.
            var epochs: [Double] = []
            var skip = 0
            while true {
                let page = try await one.send(.get, prefix.events("g") + "?skip=\(skip)&count=1000").objects()
                epochs += page.filter { $0.string("Type") == "PrimaryChanged" }.map { $0.number("Epoch") ?? 0 }
                if page.count < 1000 { break }
                skip += 1000
            }
            #expect(epochs.count == rounds + 1)
            let gap = epochs.enumerated().first { $0.element != Double($0.offset + 1) }
            #expect(gap == nil, "promotion \(gap.map { "\($0.offset + 1) has epoch \($0.element)" } ?? "")")
        }
    }

    @Test func aTaskRequestedOnOneInstanceCompletesThroughTheOther() async throws {
        try await withTwoInstances { one, two in
            try await one.groupWithPrimaryAndSecondary(prefix, preemption: 1)
            let accepted = try await one.requestFailover(prefix, "g")
            let id = try #require(try accepted.string("Id"))
            #expect(try await two.role(prefix, "g", "b") == 2)
            #expect(try await two.role(prefix, "g", "a") == 0)
            #expect(try await two.task(prefix, id).string("Status") == "SUCCESS")
            #expect(try await one.status(prefix, "g").roles == StatusReading(primary: "b", pending: nil, epoch: 2))
            // A task is refused on either instance while another runs for the group.
            let second = try await two.requestFailover(prefix, "g")
            let refused = try await one.send(.post, prefix.failover("g"), "{}")
            try refused.expectConflict("FailoverInProgress")
            _ = second
        }
    }
}
