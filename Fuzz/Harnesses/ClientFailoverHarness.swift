import BatonCore
import BatonJSON
import BatonWire
import Foundation

/// Client Failover request bodies, read as the server reads them and then handed to a real
/// engine, so the engine's arithmetic on request values (time spans, schedules) is fuzzed
/// too. Refusals (a `BadRequest`, an `EngineError`) are answers; a trap or a broken property
/// is a finding.
enum ClientFailoverHarness {
    static let key = GroupKey(id: "g")

    /// The two clocks Baton runs on: the local one (an arbitrary origin) and the shared
    /// store's (PostgreSQL's clock, nanoseconds since 1970, about 1.8e18 today).
    static func clocks() -> [any BatonClock] {
        [TestClock(), FixedClock(databaseNanoseconds: 1_800_000_000_000_000_000)]
    }

    /// A group `g` with a live Primary `a` and a live Secondary `b`.
    static func engineWithTwoLiveMembers(_ clock: any BatonClock) throws -> Engine {
        let engine = Engine(clock: clock)
        try engine.createGroup(key, GroupConfiguration(id: "g", failoverTimeout: .seconds(10)))
        for (id, score) in [("a", 100.0), ("b", 50.0)] {
            try engine.registerMember(MemberRegistration(id: id), in: key)
            _ = try engine.heartbeat(HeartbeatInput(score: score), from: id, in: key)
        }
        return engine
    }

    static func body(_ bytes: [UInt8]) -> JSONValue? {
        guard let value = try? JSONValue.parse(bytes), case .object = value else { return nil }
        return value
    }

    static func group(_ bytes: [UInt8]) {
        guard let body = body(bytes) else { return }
        for pathID in [nil, "g"] as [String?] {
            guard let configuration = try? ClientFailoverRequests.groupConfiguration(body, pathID: pathID) else { continue }
            // What GET answers: the timeout as text, which must read back as the same span.
            let timeout = TimeSpan.format(configuration.failoverTimeout)
            check((try? TimeSpan.parse(timeout)) == configuration.failoverTimeout, "FailoverTimeout \(timeout) does not read back")
            for clock in clocks() {
                let engine = Engine(clock: clock)
                let key = GroupKey(id: configuration.id)
                do {
                    if pathID == nil {
                        try engine.createGroup(key, configuration)
                    } else {
                        try engine.createGroup(key, GroupConfiguration(id: configuration.id))
                        try engine.putGroup(key, configuration)
                    }
                    try check(try engine.configuration(of: key) == configuration, "the group reads back differently")
                } catch {}
            }
        }
    }

    static func session(_ bytes: [UInt8]) {
        guard let body = body(bytes), let registration = try? ClientFailoverRequests.registration(body) else { return }
        for clock in clocks() {
            do {
                let engine = try engineWithTwoLiveMembers(clock)
                try engine.registerMember(registration, in: key)
                try check(try engine.member(registration.id, in: key).registration == registration, "the session reads back differently")
            } catch {}
        }
    }

    static func heartbeat(_ bytes: [UInt8]) {
        guard let body = body(bytes), let input = try? ClientFailoverRequests.heartbeat(body) else { return }
        for clock in clocks() {
            do {
                let engine = try engineWithTwoLiveMembers(clock)
                for id in ["a", "b"] {
                    let answer = try engine.heartbeat(input, from: id, in: key)
                    // What the answer and the session view print.
                    _ = answer.lastDataProcessedTime.map(WireTime.format)
                    _ = TimeSpan.format(answer.failoverTimeout)
                    let view = try engine.member(id, in: key)
                    _ = view.lastHeartbeat?.heartbeatTime.map(WireTime.format)
                }
                engine.processDueDeadlines()
            } catch {}
        }
    }

    static func roleOverride(_ bytes: [UInt8]) {
        guard let body = body(bytes), let (value, expiration) = try? ClientFailoverRequests.roleOverride(body) else { return }
        for clock in clocks() {
            do {
                let engine = try engineWithTwoLiveMembers(clock)
                let now = clock.now()
                let answer = try engine.setRoleOverride(value, expiration: expiration, on: "b", in: key)
                _ = answer.expirationTime.map(WireTime.format)
                if let expiration, value != .off {
                    check(expiration > .zero && expiration <= Engine.maximumOverridePeriod, "an out-of-range expiration was accepted")
                    let deadline = engine.image(of: key)?.members.first { $0.id == "b" }?.overrideDeadline
                    check(deadline.map { $0 > now.instant } ?? false, "the override's deadline is not after now: \(String(describing: deadline))")
                }
                engine.processDueDeadlines()
            } catch {}
        }
    }

    static func failover(_ bytes: [UInt8]) {
        guard let body = body(bytes), let request = try? FailoverRequest(body) else { return }
        for clock in clocks() {
            do {
                let engine = try engineWithTwoLiveMembers(clock)
                let now = clock.now()
                let task = try engine.requestFailover(
                    of: key, to: request.target, at: request.scheduledAt, reason: request.reason, taskID: "t")
                let ahead = request.scheduledAt.map { $0.timeIntervalSince(now.wall) } ?? 0
                check(ahead <= Engine.maximumScheduleAhead.timeInterval, "a failover \(ahead) s ahead was accepted")
                if let deadline = engine.image(of: key)?.taskDeadline, task.status == .queued {
                    check(deadline >= now.instant, "the task's deadline \(deadline) is before now \(now.instant) (\(ahead) s ahead)")
                    check(deadline <= now.instant + Engine.maximumScheduleAhead, "the task's deadline \(deadline) is beyond the schedule limit")
                }
                // A failover scheduled in the future must not start now.
                engine.processDueDeadlines()
                if ahead > 1 {
                    try check(try engine.task("t").status == .queued, "a failover scheduled \(ahead) s ahead started at once")
                }
                _ = request.scheduledAt.map(WireTime.format)
            } catch {}
        }
    }
}
