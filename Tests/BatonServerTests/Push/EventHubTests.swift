@testable import BatonServer
import BatonCore
import Foundation
import Testing

/// The hub's bounds: a slow consumer is ended rather than buffered for ever, a principal
/// holds a limited number of streams, shutdown ends them all, and memory goes with them.
@Suite struct EventHubTests {
    let key = GroupKey(tenant: "t", namespace: "n", id: "g")

    func event(_ sequence: Int64, group: String = "g") -> GroupEvent {
        GroupEvent(group: GroupKey(tenant: "t", namespace: "n", id: group), sequence: sequence, time: Date(),
                   kind: .primaryChanged, from: nil, to: "a", epoch: UInt64(sequence), reason: "elected")
    }

    @Test func aConsumerThatFallsAFullBufferBehindIsEndedAsSlow() async {
        let hub = EventHub(bufferLimit: 4)
        let slow = try! hub.subscribe(.init(key), principal: "p")
        let keeping = try! hub.subscribe(.init(key), principal: "q")
        var seen = 0
        for sequence in 1...4 {
            hub.publish([event(Int64(sequence))])
            for await _ in keeping.items { seen += 1; break }
        }
        #expect(slow.end == nil)
        hub.publish([event(5)])
        #expect(slow.end == .slowConsumer)
        #expect(keeping.end == nil)
        // What it had buffered can still be read; then it ends.
        var buffered = 0
        for await _ in slow.items { buffered += 1 }
        #expect(buffered == 4)
        #expect(seen == 4)
        #expect(hub.openSubscriptions == 1)
    }

    @Test func aPrincipalHoldsAtMostItsShareOfStreams() {
        let hub = EventHub(streamsPerPrincipal: 2)
        do {
            let first = try! hub.subscribe(.init(key), principal: "p")
            let second = try! hub.subscribe(.init(key), principal: "p")
            #expect(throws: EventHub.Refusal.tooManyStreams(limit: 2)) { try hub.subscribe(.init(key), principal: "p") }
            let other = try! hub.subscribe(.init(key), principal: "other")
            first.cancel()
            #expect((try? hub.subscribe(.init(key), principal: "p")) != nil)
            #expect(hub.openSubscriptions == 2)
            withExtendedLifetime((second, other)) {}
        }
        // A subscription nobody holds any more is gone with its memory.
        #expect(hub.openSubscriptions == 0)
    }

    /// Held heartbeat answers have an allowance of their own: a member's held heartbeats
    /// never use up its principal's streams, nor the other way round.
    @Test func heldHeartbeatsAndStreamsAreCountedApart() {
        let hub = EventHub(streamsPerPrincipal: 1, heldHeartbeatsPerPrincipal: 2)
        let stream = try! hub.subscribe(.init(key), principal: "p")
        let held = (0..<2).map { _ in try! hub.subscribe(.init(key), principal: "p", purpose: .heldHeartbeat) }
        #expect(throws: EventHub.Refusal.tooManyStreams(limit: 2)) {
            try hub.subscribe(.init(key), principal: "p", purpose: .heldHeartbeat)
        }
        #expect(throws: EventHub.Refusal.tooManyStreams(limit: 1)) { try hub.subscribe(.init(key), principal: "p") }
        held[0].cancel()
        #expect((try? hub.subscribe(.init(key), principal: "p", purpose: .heldHeartbeat)) != nil)
        withExtendedLifetime((stream, held)) {}
    }

    @Test func shutdownEndsEveryStreamAndRefusesNewOnes() async {
        let hub = EventHub()
        let subscription = try! hub.subscribe(.init(key), principal: "p")
        hub.shutdown()
        for await _ in subscription.items {}
        #expect(subscription.end == .shutdown)
        #expect(throws: EventHub.Refusal.shuttingDown) { try hub.subscribe(.init(key), principal: "p") }
        #expect(hub.openSubscriptions == 0)
    }

    @Test func filtersSeeTheirGroupOrTheirNamespace() async {
        let hub = EventHub()
        let one = try! hub.subscribe(.init(key), principal: "p")
        let all = try! hub.subscribe(.init(tenant: "t", namespace: "n"), principal: "p")
        #expect(hub.isWatched(GroupKey(tenant: "t", namespace: "n", id: "other")))
        #expect(!hub.isWatched(GroupKey(tenant: "t", namespace: "elsewhere", id: "g")))
        hub.publish([event(1, group: "other"), event(7)])
        for await item in one.items {
            guard case .event(let event) = item else { continue }
            #expect(event.sequence == 7)
            break
        }
        var sequences: [Int64] = []
        for await item in all.items {
            if case .event(let event) = item { sequences.append(event.sequence) }
            if sequences.count == 2 { break }
        }
        #expect(sequences == [1, 7])
    }

    @Test func anIdleSubscriptionTicks() async {
        let hub = EventHub()
        let subscription = try! hub.subscribe(.init(key), principal: "p", keepAlive: .milliseconds(20))
        for await item in subscription.items {
            guard case .tick = item else { continue }
            break
        }
        subscription.cancel()
        #expect(subscription.end == .cancelled)
    }

    @Test func aFeedFillsAGapFromTheStoreAndNeverRepeats() async throws {
        let stored = (1...10).map { event(Int64($0)) }
        var feed = GroupFeed(key: key, after: 2) { after, limit in
            Array(stored.filter { $0.sequence > after }.prefix(limit))
        }
        // Resume: everything after 2.
        #expect(try await feed.catchUp().map(\.sequence) == Array(3...10))
        // Old news and duplicates: nothing.
        #expect(try await feed.accept(.event(event(9))).isEmpty)
        #expect(try await feed.accept(.poke(key, first: 4, last: 10)).isEmpty)
        var fresh = GroupFeed(key: key, after: 3) { after, limit in
            Array(stored.filter { $0.sequence > after }.prefix(limit))
        }
        // An event beyond a gap: the gap is read from the store, in order.
        #expect(try await fresh.accept(.event(event(6))).map(\.sequence) == Array(4...10))
        // A notice of history committed elsewhere, for a feed that started from now.
        var live = GroupFeed(key: key, after: nil) { after, limit in
            Array(stored.filter { $0.sequence > after }.prefix(limit))
        }
        #expect(try await live.accept(.poke(key, first: 9, last: 10)).map(\.sequence) == [9, 10])
    }
}
