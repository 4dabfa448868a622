import BatonCore
import Foundation
import PropertyBased
import Testing

/// One thing that can happen to a group: a member's action, an operator's, time passing,
/// the owner's timer, or a coordinator crash and restart.
enum Step: Sendable, CustomStringConvertible {
    case heartbeat(MemberID, score: Double)
    case advance(Duration)
    case tick
    case register(MemberID)
    case remove(MemberID)
    case override(MemberID, RoleOverride, expiry: Duration?)
    case restart(keepingSoftState: Bool)
    case flushSoftState
    /// A planned failover, to a member or to the best one, now or a little later.
    case failover(MemberID?, delay: Duration?)
    case cancelFailover
    /// An operator removes every session, deletes the group and creates it again with the
    /// same id, and the members register again: the promise must hold across incarnations.
    case recreateGroup

    static let members: [MemberID] = ["m0", "m1", "m2", "m3"]
    static let scores: [Double] = [0, 50, 100, 30]
    /// Shorter and longer than the 10 s timeout, and exactly on its boundary.
    static let advances: [Duration] = [
        .milliseconds(1), .milliseconds(100), .seconds(1), .seconds(3), .seconds(5),
        .seconds(10) - .nanoseconds(1), .seconds(10), .seconds(17),
    ]
    static let expiries: [Duration?] = [nil, .seconds(2), .seconds(10)]

    /// `kind` 0…99 picks the step with these weights; `member` 0…3; `parameter` 0…7.
    init(kind: Int, member: Int, parameter: Int) {
        let id = Self.members[member]
        switch kind {
        case 0..<35: self = .heartbeat(id, score: Self.scores[parameter % Self.scores.count])
        case 35..<55: self = .advance(Self.advances[parameter])
        case 55..<65: self = .tick
        case 65..<71: self = .register(id)
        case 71..<76: self = .remove(id)
        case 76..<89:
            self = .override(id, RoleOverride.allCases[parameter % 3], expiry: Self.expiries[(parameter / 3) % 3])
        case 89..<93: self = .restart(keepingSoftState: parameter % 2 == 0)
        case 93..<97: self = .failover(parameter % 2 == 0 ? id : nil, delay: parameter % 4 < 2 ? nil : .seconds(3))
        case 97: self = .cancelFailover
        case 98: self = .recreateGroup
        default: self = .flushSoftState
        }
    }

    var description: String {
        switch self {
        case .heartbeat(let id, let score): "heartbeat(\(id), \(Int(score)))"
        case .advance(let duration): "advance(\(TimeSpan.format(duration)))"
        case .tick: "tick"
        case .register(let id): "register(\(id))"
        case .remove(let id): "remove(\(id))"
        case .override(let id, let value, let expiry):
            "override(\(id), \(value.name)\(expiry.map { ", " + TimeSpan.format($0) } ?? ""))"
        case .restart(let soft): "restart(soft: \(soft))"
        case .flushSoftState: "flushSoftState"
        case .failover(let id, let delay): "failover(to: \(id ?? "best"), in: \(delay.map(TimeSpan.format) ?? "now"))"
        case .cancelFailover: "cancelFailover"
        case .recreateGroup: "recreateGroup"
        }
    }
}

/// A step and whether to look at the group's status and members after it. Looking
/// evaluates the group, so it is done only on some steps: the others leave lapsed leases
/// for heartbeats and the timer to discover.
struct ObservedStep: Sendable, CustomStringConvertible {
    var step: Step
    var observe: Bool
    var description: String { observe ? "\(step)+look" : step.description }
}

/// What members were told, as they would act on it, checked against DESIGN.md's invariant.
struct ToldRoles {
    let timeout: Duration
    /// Times in messages are shown from here.
    let origin: Instant
    /// When each member's lease on the Primary role ends: a `.primary` answer at t grants
    /// [t, t + timeout); any later answer that is not `.primary` ends it then.
    var leaseEnd: [MemberID: Instant] = [:]
    var lastPrimaryAnswer: (member: MemberID, epoch: UInt64)?
    var highestEpoch: UInt64 = 0

    /// The violations this answer reveals, if any, then records it.
    mutating func record(_ answer: HeartbeatAnswer, to member: MemberID, at now: Instant) -> [String] {
        var problems: [String] = []
        problems += noteEpoch(answer.epoch, seenIn: "\(member)'s answer")
        if answer.role == .primary {
            for (other, end) in leaseEnd where other != member && end > now {
                problems.append(
                    "\(member) told Primary at \(show(now)) while \(other) holds Primary until \(show(end))")
            }
            if let last = lastPrimaryAnswer {
                if last.member != member, answer.epoch <= last.epoch {
                    problems.append("\(member) told Primary with epoch \(answer.epoch), not above \(last.member)'s \(last.epoch)")
                }
                if last.member == member, answer.epoch < last.epoch {
                    problems.append("\(member) told Primary with epoch \(answer.epoch) below its earlier \(last.epoch)")
                }
            }
            leaseEnd[member] = now + timeout
            lastPrimaryAnswer = (member, answer.epoch)
        } else if let end = leaseEnd[member], end > now {
            leaseEnd[member] = now
        }
        return problems
    }

    private func show(_ instant: Instant) -> String { TimeSpan.format(instant - origin) }

    mutating func noteEpoch(_ epoch: UInt64, seenIn place: String) -> [String] {
        defer { highestEpoch = max(highestEpoch, epoch) }
        return epoch < highestEpoch ? ["epoch went down to \(epoch) in \(place) after \(highestEpoch)"] : []
    }
}

@Suite("Engine invariants under random operation")
struct EngineInvariantPropertyTests {
    static let stepGenerator = zip(
        Gen.int(in: 0...99), Gen.int(in: 0...3), Gen.int(in: 0...7), Gen.bool(0.5)
    ).map { kind, member, parameter, observe in
        ObservedStep(step: Step(kind: kind, member: member, parameter: parameter), observe: observe)
    }

    @Test(
        "never two overlapping Primaries, never a lower epoch, status always matching member roles — across restarts",
        .shrinking)
    func invariantsHold() async {
        await propertyCheck(count: 200, input: Self.stepGenerator.array(of: 30...120)) { steps in
            if let violation = Self.run(steps) {
                Issue.record(Comment(rawValue: violation))
            }
        }
    }

    /// Runs the steps on a fresh group with m0…m2 registered; returns the first violation
    /// with a trace of what happened, or nil.
    static func run(_ steps: [ObservedStep]) -> String? {
        let timeout = defaultTimeout
        let h: Harness
        do { h = try Harness(timeout: timeout, members: ["m0", "m1", "m2"]) } catch { return "setup failed: \(error)" }
        var registered: Set<MemberID> = ["m0", "m1", "m2"]
        var told = ToldRoles(timeout: timeout, origin: h.start)
        var trace: [String] = []

        func failure(_ problems: [String]) -> String {
            "\(problems.joined(separator: "; "))\ntrace (time since start):\n" + trace.suffix(60).joined(separator: "\n")
        }

        var failovers = 0
        for observed in steps {
            let elapsed = TimeSpan.format(h.now - h.start)
            var line = "\(elapsed) \(observed.step)"
            var problems: [String] = []
            do {
                switch observed.step {
                case .heartbeat(let id, let score):
                    guard registered.contains(id) else { continue }
                    let answer = try h.beat(id, score: score)
                    line += " → \(answer.role.name) e\(answer.epoch)"
                    problems += told.record(answer, to: id, at: h.now)
                case .advance(let duration):
                    h.advance(duration)
                case .tick:
                    h.tick()
                    if let next = h.engine.nextDeadline, next <= h.now {
                        problems.append("a deadline \(h.now - next) overdue remains after processDueDeadlines")
                    }
                case .register(let id):
                    try h.register(id)
                    registered.insert(id)
                case .remove(let id):
                    guard registered.contains(id) else { continue }
                    try h.remove(id)
                    registered.remove(id)
                case .override(let id, let value, let expiry):
                    guard registered.contains(id) else { continue }
                    try h.override(value, on: id, for: expiry)
                case .restart(let keepingSoftState):
                    h.crashAndRestart(keepingSoftState: keepingSoftState)
                case .flushSoftState:
                    h.flushSoftState()
                case .failover(let id, let delay):
                    if let id, !registered.contains(id) { continue }
                    failovers += 1
                    let scheduled = delay.map { h.wall.addingTimeInterval($0.timeInterval) }
                    line += " → " + Self.outcome {
                        try h.engine.requestFailover(of: h.group, to: id, at: scheduled, reason: nil, taskID: "task-\(failovers)")
                    }
                    h.persist()
                case .cancelFailover:
                    guard failovers > 0 else { continue }
                    line += " → " + Self.outcome { try h.engine.cancelFailover("task-\(failovers)") }
                    h.persist()
                case .recreateGroup:
                    for id in registered.sorted() { try h.remove(id) }
                    try h.engine.deleteGroup(h.group)
                    h.persist()
                    try h.engine.createGroup(h.group, GroupConfiguration(id: h.group.id, failoverTimeout: timeout))
                    h.persist()
                    registered = ["m0", "m1", "m2"]
                    try h.register("m0", "m1", "m2")
                }
                if observed.observe {
                    let status = try h.status()
                    let views = try h.engine.members(of: h.group)
                    h.persist()
                    line += " | P=\(status.primary ?? "-") PP=\(status.pendingPrimary ?? "-") e\(status.epoch)"
                    problems += told.noteEpoch(status.epoch, seenIn: "the status")
                    let primaries = views.filter { $0.role == .primary }.map(\.registration.id)
                    let pendings = views.filter { $0.role == .pendingPrimary }.map(\.registration.id)
                    if primaries != (status.primary.map { [$0] } ?? []) {
                        problems.append("status Primary \(status.primary ?? "nil") but members say \(primaries)")
                    }
                    if pendings != (status.pendingPrimary.map { [$0] } ?? []) {
                        problems.append("status PendingPrimary \(status.pendingPrimary ?? "nil") but members say \(pendings)")
                    }
                    if let primary = status.primary, primary == status.pendingPrimary {
                        problems.append("\(primary) is both Primary and PendingPrimary")
                    }
                    if Set(views.map(\.registration.id)) != registered {
                        problems.append("members \(views.map(\.registration.id)) but registered \(registered.sorted())")
                    }
                }
            } catch {
                problems.append("unexpected error \(error)")
            }
            trace.append(line)
            if !problems.isEmpty { return failure(problems) }
        }
        return nil
    }

    /// A failover request's outcome for the trace: its status, or the refusal (an expected
    /// answer here, not a failure of the property).
    static func outcome(_ body: () throws -> FailoverTask) -> String {
        do {
            return try body().status.rawValue
        } catch let error as EngineError {
            if case .failoverRefused(let refusal, _) = error { return "refused \(refusal.rawValue)" }
            return "error \(error)"
        } catch {
            return "error \(error)"
        }
    }
}
