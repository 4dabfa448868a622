import BatonCore
import BatonServer
import BatonStore
import BatonTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// A member's hint goes out while the change it hints at is being committed, so the heartbeat
/// it asks for travels while the commit is on its way to disk; that heartbeat is answered only
/// once the commit is durable (LocalCoordinator runs one operation at a time). A hint is never
/// a grant.
struct UpcomingHintTests {
    @Test(.timeLimit(.minutes(1)))
    func theSuccessorHearsOfItsPromotionDuringTheCommitAndIsAnsweredAfterIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-upcoming-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = HeldStore(try SQLiteStore(directory: directory.path))
        let coordinator = try LocalCoordinator(clock: TestClock(), store: store, logger: Logger(label: "test"),
                                               timerMode: .manual)
        let key = GroupKey(id: "g")
        try await coordinator.perform(as: .anonymous, on: .group(key)) { engine in
            _ = try engine.createGroup(key, GroupConfiguration(id: "g", failoverTimeout: .seconds(10)))
            for member in ["a", "b"] as [MemberID] { _ = try engine.registerMember(MemberRegistration(id: member), in: key) }
            _ = try engine.heartbeat(HeartbeatInput(score: 100), from: "a", in: key)
            _ = try engine.heartbeat(HeartbeatInput(score: 100), from: "b", in: key)
        }
        let hints = try coordinator.eventHub.subscribe(.init(key), principal: "b", upcoming: true)
        let history = try coordinator.eventHub.subscribe(.init(key), principal: "operator")
        defer { hints.cancel(); history.cancel() }

        // a steps down (score 0): b is promoted by a's heartbeat, whose commit is held.
        store.hold()
        let stepDown = Task {
            try await coordinator.perform(as: .anonymous, on: .group(key)) { engine in
                try engine.heartbeat(HeartbeatInput(score: 0), from: "a", in: key)
            }
        }
        var promoted: GroupEvent?
        for await item in hints.items {
            if case .upcoming(let event) = item, event.kind == .primaryChanged { promoted = event; break }
            if case .event = item { Issue.record("a committed event came before the commit was let through") }
        }
        #expect(promoted?.to == "b")
        #expect(store.isHolding, "the hint came while the commit was held")

        // b heartbeats at once: not answered before the commit is durable.
        let successor = Task {
            let answer = try await coordinator.perform(as: .anonymous, on: .group(key)) { engine in
                try engine.heartbeat(HeartbeatInput(score: 100), from: "b", in: key)
            }
            return answer
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(!store.hasCommittedSinceHold)
        store.release()
        let answer = try await successor.value
        #expect(answer.role == .primary)
        #expect(try await stepDown.value.role == .secondary)
        #expect(store.hasCommittedSinceHold)
        // History streams see the change only once committed, with its sequence.
        for await item in history.items {
            if case .upcoming = item { Issue.record("a history stream got an upcoming event") }
            if case .event(let event) = item, event.kind == .primaryChanged {
                #expect(event.sequence == promoted?.sequence)
                break
            }
        }
    }
}

/// A store whose commits can be held at the door (on the committing thread) and let through.
private final class HeldStore: Store {
    private let base: any Store
    private let gate = Mutex(Gate())
    private let opened = DispatchSemaphore(value: 0)

    private struct Gate {
        var holding = false
        var waiting = false
        var committedSinceHold = false
    }

    init(_ base: any Store) {
        self.base = base
    }

    func hold() { gate.withLock { $0 = Gate(holding: true) } }

    func release() {
        let waiting = gate.withLock { gate in
            gate.holding = false
            return gate.waiting
        }
        if waiting { opened.signal() }
    }

    var isHolding: Bool { gate.withLock { $0.holding } }
    var hasCommittedSinceHold: Bool { gate.withLock { $0.committedSinceHold } }

    func loadSnapshot() throws -> EngineSnapshot { try base.loadSnapshot() }

    func commit(_ changes: [DurableChange]) throws {
        let wait = gate.withLock { gate in
            if gate.holding, !changes.isEmpty { gate.waiting = true }
            return gate.waiting
        }
        if wait { _ = opened.wait(timeout: .now() + 20) }
        try base.commit(changes)
        if !changes.isEmpty { gate.withLock { $0.committedSinceHold = true; $0.waiting = false } }
    }

    func writeSoftState(_ batch: SoftStateBatch) throws { try base.writeSoftState(batch) }
    func events(of group: GroupKey, skip: Int, count: Int) throws -> EventPage { try base.events(of: group, skip: skip, count: count) }
    func events(of group: GroupKey, after sequence: Int64, limit: Int) throws -> [GroupEvent] {
        try base.events(of: group, after: sequence, limit: limit)
    }
    func check() throws { try base.check() }
    func close() { base.close() }
}
