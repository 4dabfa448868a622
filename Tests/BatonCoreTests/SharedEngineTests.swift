import BatonCore
import Foundation
import Testing

/// The shared store's premise: a group rebuilt from its image in a fresh engine behaves
/// exactly like the engine that has held it all along. If an image missed any state (a
/// lease, a hysteresis clock, a task deadline), some step below would answer differently.
@Suite("Shared engine: groups rebuilt from images")
struct SharedEngineTests {
    let key = GroupKey(tenant: "t", namespace: "n", id: "g")

    /// One step, applied alike to both engines.
    enum Step: CustomStringConvertible {
        case advance(Duration)
        case heartbeat(MemberID, Double)
        case override(MemberID, RoleOverride)
        case failover(MemberID?)
        case cancelTask
        case remove(MemberID)
        case register(MemberID)
        case tick

        var description: String {
            switch self {
            case .advance(let duration): "advance \(duration)"
            case .heartbeat(let id, let score): "heartbeat \(id) \(score)"
            case .override(let id, let value): "override \(id) \(value)"
            case .failover(let target): "failover to \(target ?? "any")"
            case .cancelTask: "cancel task"
            case .remove(let id): "remove \(id)"
            case .register(let id): "register \(id)"
            case .tick: "tick"
            }
        }
    }

    /// A small deterministic generator (SplitMix64), so a failure names a reproducible seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func randomStep(_ generator: inout Generator) -> Step {
        let members = ["a", "b", "c"]
        let member = members.randomElement(using: &generator)!
        switch Int.random(in: 0..<20, using: &generator) {
        case 0..<5: return .advance(.milliseconds(Int64.random(in: 1...6_000, using: &generator)))
        case 5..<12: return .heartbeat(member, [0, 40, 70, 100].randomElement(using: &generator)!)
        case 12: return .override(member, RoleOverride.allCases.randomElement(using: &generator)!)
        case 13, 14: return .failover(Bool.random(using: &generator) ? member : nil)
        case 15: return .cancelTask
        case 16: return .remove(member)
        case 17: return .register(member)
        default: return .tick
        }
    }

    /// What an operation answered, for comparison.
    func apply(_ step: Step, to engine: Engine, taskNumber: Int, lastTask: String?) -> String {
        func outcome<T>(_ body: () throws -> T) -> String {
            do { return "\(try body())" } catch { return "error \(error)" }
        }
        switch step {
        case .advance: return "-"
        case .heartbeat(let id, let score):
            return outcome { try engine.heartbeat(HeartbeatInput(score: score), from: id, in: key) }
        case .override(let id, let value):
            return outcome { try engine.setRoleOverride(value, expiration: .seconds(8), on: id, in: key) }
        case .failover(let target):
            return outcome { try engine.requestFailover(of: key, to: target, at: nil, reason: nil, taskID: "task-\(taskNumber)") }
        case .cancelTask:
            guard let lastTask else { return "-" }
            return outcome { try engine.cancelFailover(lastTask) }
        case .remove(let id):
            return outcome { try engine.removeMember(id, from: key) }
        case .register(let id):
            return outcome { try engine.registerMember(MemberRegistration(id: id), in: key) }
        case .tick:
            // What an instance does with a group whose wake-up time has come.
            engine.evaluateNow(key)
            return outcome { try engine.status(of: key) }
        }
    }

    @Test(arguments: Array(1...12) as [UInt64])
    func aGroupRebuiltFromItsImageAtEveryStepBehavesExactlyAlike(seed: UInt64) throws {
        let clock = TestClock()
        let reference = Engine(clock: clock)
        _ = try reference.createGroup(key, GroupConfiguration(id: "g", failoverTimeout: .seconds(5), preemption: .score))
        for id in ["a", "b", "c"] { _ = try reference.registerMember(MemberRegistration(id: id), in: key) }
        var journal = reference.drainJournal()
        var image = try #require(reference.image(of: key))
        var tasks: [String: FailoverTask] = [:]
        var generator = Generator(state: seed)
        var lastTask: String?

        for number in 1...3_000 {
            let step = randomStep(&generator)
            if case .advance(let duration) = step { clock.advance(by: duration) }
            if case .failover = step { lastTask = "task-\(number)" }

            // Another instance: a fresh engine at the same moment, holding only the image.
            let rebuilt = Engine(clock: FixedClock(clock.now()))
            rebuilt.load(tasks: Array(tasks.values))
            rebuilt.install(image)

            let expected = apply(step, to: reference, taskNumber: number, lastTask: lastTask)
            let actual = apply(step, to: rebuilt, taskNumber: number, lastTask: lastTask)
            #expect(actual == expected, "seed \(seed), step \(number): \(step)")
            journal = reference.drainJournal()
            let rebuiltJournal = rebuilt.drainJournal()
            #expect(rebuiltJournal.filter(Self.isEventOrTask) == journal.filter(Self.isEventOrTask),
                    "seed \(seed), step \(number): \(step)")
            let next = try #require(reference.image(of: key))
            #expect(rebuilt.image(of: key) == next, "seed \(seed), step \(number): \(step)")
            #expect(rebuilt.wakeAt(of: key) == reference.wakeAt(of: key), "seed \(seed), step \(number): \(step)")
            if actual != expected || rebuilt.image(of: key) != next { return }
            for case .saveTask(let task) in journal { tasks[task.id] = task }
            image = next
        }
    }

    static func isEventOrTask(_ change: DurableChange) -> Bool {
        switch change {
        case .appendEvent, .saveTask: true
        default: false
        }
    }

    @Test("after an outage a member keeps its role through grace and nobody is elected without a fresh heartbeat")
    func resumptionGrace() throws {
        let clock = TestClock()
        let engine = Engine(clock: clock)
        _ = try engine.createGroup(key, GroupConfiguration(id: "g", failoverTimeout: .seconds(5)))
        for id in ["a", "b"] { _ = try engine.registerMember(MemberRegistration(id: id), in: key) }
        _ = try engine.heartbeat(HeartbeatInput(score: 100), from: "a", in: key)
        _ = try engine.heartbeat(HeartbeatInput(score: 100), from: "b", in: key)
        let image = try #require(engine.image(of: key))

        // The database was away for 20 s: every lease in the image has run out.
        clock.advance(by: .seconds(20))
        let resumedAt = clock.now().instant
        func instance() -> Engine {
            let fresh = Engine(clock: FixedClock(clock.now()))
            fresh.install(image, resumedAt: resumedAt)
            return fresh
        }
        let first = instance()
        first.evaluateNow(key)
        #expect(try first.status(of: key).primary == "a")
        // b heartbeats first after the outage: it may not take a's role during grace.
        #expect(try first.heartbeat(HeartbeatInput(score: 100), from: "b", in: key).role == .secondary)
        #expect(try first.heartbeat(HeartbeatInput(score: 100), from: "a", in: key).role == .primary)
        #expect(try first.status(of: key).epoch == 1)

        // Installing again with the same resumption changes nothing more.
        let again = instance()
        again.install(try #require(again.image(of: key)), resumedAt: resumedAt)
        #expect(again.image(of: key) == instance().image(of: key))

        // Without a heartbeat after the outage a's grace ends one timeout later; b, which
        // heartbeated, takes over then.
        let silent = Engine(clock: FixedClock(Moment(instant: resumedAt + .seconds(3), wall: clock.now().wall)))
        silent.install(image, resumedAt: resumedAt)
        #expect(try silent.heartbeat(HeartbeatInput(score: 100), from: "b", in: key).role == .secondary)
        let afterGrace = Engine(clock: FixedClock(Moment(instant: resumedAt + .seconds(5), wall: clock.now().wall)))
        afterGrace.install(try #require(silent.image(of: key)), resumedAt: resumedAt)
        afterGrace.evaluateNow(key)
        let status = try afterGrace.status(of: key)
        #expect(status.primary == "b")
        #expect(status.epoch == 2)
    }
}
