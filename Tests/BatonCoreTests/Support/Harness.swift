import BatonCore
import BatonTestSupport
import Foundation
import Testing

/// The FailoverTimeout most tests use.
let defaultTimeout: Duration = .seconds(10)

/// One group on one engine driven by a `TestClock`, persisted the way the owner must:
/// the journal is drained into a `StoreModel` after every operation (before its answer
/// would be revealed); soft state only when `flushSoftState()` is called.
final class Harness {
    let clock: TestClock
    private(set) var engine: Engine
    let group: GroupKey
    let timeout: Duration
    /// The instant the harness was created: `at(_:)` offsets are measured from here.
    let start: Instant
    var store = StoreModel()
    /// Every durable change drained so far, in order.
    private(set) var changes: [DurableChange] = []
    private var eventCursor = 0

    init(
        timeout: Duration = defaultTimeout, preemption: PreemptionPolicy = .score, members: [MemberID] = [],
        clock: TestClock = TestClock()
    ) throws {
        self.clock = clock
        self.engine = Engine(clock: clock)
        self.group = GroupKey(id: "g1")
        self.timeout = timeout
        self.start = clock.now().instant
        try engine.createGroup(group, GroupConfiguration(id: "g1", failoverTimeout: timeout, preemption: preemption))
        for member in members {
            try engine.registerMember(MemberRegistration(id: member), in: group)
        }
        persist()
        _ = newEvents()
    }

    // MARK: Time

    var now: Instant { clock.now().instant }
    var wall: Date { clock.now().wall }

    func advance(_ duration: Duration) {
        clock.advance(by: duration)
    }

    /// Moves the clock to `start + offset` (never backwards).
    func at(_ offset: Duration) {
        let target = start + offset
        precondition(target >= now, "the test clock only moves forward")
        clock.advance(by: target - now)
    }

    /// The owner's timer firing: processes due deadlines and persists what changed.
    func tick() {
        engine.processDueDeadlines()
        persist()
    }

    // MARK: Operations (each persists its journal)

    func register(_ ids: MemberID...) throws {
        for id in ids {
            try engine.registerMember(MemberRegistration(id: id), in: group)
            persist()
        }
    }

    @discardableResult
    func beat(
        _ id: MemberID, score: Double = 50, heartbeatTime: Date? = nil, lastDataProcessedTime: Date? = nil
    ) throws -> HeartbeatAnswer {
        let answer = try engine.heartbeat(
            HeartbeatInput(score: score, heartbeatTime: heartbeatTime, lastDataProcessedTime: lastDataProcessedTime),
            from: id, in: group)
        persist()
        return answer
    }

    /// The role a heartbeat is answered with.
    func role(_ id: MemberID, score: Double = 50) throws -> Role {
        try beat(id, score: score).role
    }

    func remove(_ id: MemberID) throws {
        try engine.removeMember(id, from: group)
        persist()
    }

    @discardableResult
    func override(_ value: RoleOverride, on id: MemberID, for expiration: Duration? = nil) throws -> RoleOverrideAnswer {
        let answer = try engine.setRoleOverride(value, expiration: expiration, on: id, in: group)
        persist()
        return answer
    }

    func status() throws -> GroupStatus {
        let status = try engine.status(of: group)
        persist()
        return status
    }

    func view(_ id: MemberID) throws -> MemberView {
        let view = try engine.member(id, in: group)
        persist()
        return view
    }

    // MARK: Durability

    func persist() {
        let drained = engine.drainJournal()
        store.apply(drained)
        changes += drained
    }

    func flushSoftState() {
        store.apply(engine.drainSoftState())
    }

    /// Simulates a crash and a restart: a new engine built only from what was persisted
    /// (plus the soft state, when it had been flushed), on the same clock.
    func crashAndRestart(keepingSoftState: Bool = true) {
        if keepingSoftState { flushSoftState() }
        engine = Engine(clock: clock, restoring: store.snapshot)
        persist()
    }

    // MARK: Events

    var allEvents: [GroupEvent] {
        changes.compactMap { change in
            if case .appendEvent(let event) = change { return event }
            return nil
        }
    }

    /// Events persisted since the previous call, as short readable summaries.
    func newEvents() -> [String] {
        let events = allEvents
        defer { eventCursor = events.count }
        return events[eventCursor...].map(\.summary)
    }

    /// The role-moving events (PrimaryChanged, HandoverStarted, HandoverCancelled) since the previous call.
    func newRoleEvents() -> [String] {
        newEvents().filter { $0.hasPrefix("Primary") || $0.hasPrefix("Handover") }
    }

    /// Like `newRoleEvents()` without the reason, where DESIGN.md does not name one.
    func newRoleMoves() -> [String] {
        newRoleEvents().map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
    }
}

/// The setup the HA-group suites share (the HCX API's rules on the engine): appliances
/// "NE <id>" on mesh-1 registered in `tenant`, groups of them without preemption.
protocol HAGroupSetup {
    var clock: TestClock { get }
    var tenant: String { get }
    /// The FailoverTimeout of the groups `create` makes; 10 s unless the suite says otherwise.
    var failoverTimeout: Duration { get }
}

extension HAGroupSetup {
    var failoverTimeout: Duration { .seconds(10) }

    /// The key of group ha1, the one most tests use.
    var key: GroupKey { HAGroups.key(tenant: tenant, id: "ha1") }

    /// An engine on `clock` with `ids` registered as appliances.
    func engineWithAppliances(_ ids: [String]) throws -> Engine {
        let engine = Engine(clock: clock)
        for id in ids {
            try engine.registerAppliance(ApplianceRegistration(id: id, name: "NE \(id)", serviceMeshID: "mesh-1"), tenant: tenant)
        }
        return engine
    }

    /// Creates HA group `id` of `members`: the creation task, which succeeds at once.
    @discardableResult
    func create(_ engine: Engine, _ members: [String] = ["a", "b"], id: String = "ha1", task: String = "create") throws -> FailoverTask {
        try engine.createHAGroup(tenant: tenant, id: id, name: "HA \(id)", appliances: members, preemption: .none,
                                 failoverTimeout: failoverTimeout, serviceMeshID: "mesh-1", taskID: task)
    }
}

extension GroupEvent {
    /// `Kind from→to e<epoch> reason`, "-" for a missing member.
    var summary: String {
        "\(kind.rawValue) \(from ?? "-")→\(to ?? "-") e\(epoch) \(reason)"
    }
}

/// Whether `error` is `EngineError.invalid` about `field`.
func isInvalid(_ error: (any Error)?, field: String) -> Bool {
    guard let error = error as? EngineError, case .invalid(let actual, _) = error else { return false }
    return actual == field
}
