import BatonCore
@testable import BatonServer
import BatonStore
import BatonTestSupport
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

/// How an instance on the shared store behaves when PostgreSQL goes away and comes back, and
/// what marks an outage. The outage test stops and starts a server of its own
/// (`PrivateTestPostgres`), never the one the other tests share. Serialized: both tests
/// measure time (a 503 within 100 ms, service back within a second, no outage seen over a
/// long poll interval), and neither should run under the other's load.
@Suite(.serialized, .needsPostgres)
struct SharedAvailabilityTests {
    static let base = APIPrefix.onPremises.rawValue

    static var logger: Logger {
        var logger = Logger(label: "baton-availability-tests")
        logger.logLevel = .critical
        return logger
    }

    /// The database stopped and started again several times, for outages from half a second
    /// to twelve (long enough for the pool's own reconnection to back off for seconds): while
    /// it is known to be away every request gets its 503 within 100 ms, and the instance
    /// serves again within a second of the database's return.
    /// On a server of its own, so that stopping it disturbs no test running meanwhile.
    @Test func whileTheDatabaseIsAwayRequestsAre503AtOnceAndServiceResumesWithinASecondOfItsReturn() async throws {
        try await PrivateTestPostgres.with { server in try await databaseAwayAndBack(server) }
    }

    func databaseAwayAndBack(_ server: PrivateTestPostgres) async throws {
        let url = try await server.freshDatabase()
        let baton = TestBaton(postgresURL: url)
        let outages: [Duration] = [.milliseconds(500), .seconds(2), .seconds(6), .seconds(12), .seconds(1)]
        try await baton.run { client in
            let created = try await client.send(.post, Self.base + "/groups", #"{"Id":"g","FailoverTimeout":"00:00:10"}"#)
            #expect(created.status == .created, "\(created.text)")
            let registered = try await client.send(.post, Self.base + "/groups/g/clientsessions", #"{"Id":"a"}"#)
            #expect(registered.status == .created, "\(registered.text)")
            // A read that needs the database (a heartbeat would meet the heartbeat rate limit).
            let request = { try await client.send(.get, Self.base + "/groups/g/status") }
            #expect(try await request().status == .ok)
            for (cycle, outage) in outages.enumerated() {
                try await server.stopServer()
                let stopped = ContinuousClock.now
                // The first request finds the database gone (it may wait for a connection).
                let first = try await request()
                #expect(first.status == .serviceUnavailable, "cycle \(cycle): \(first.text)")
                // From then on the instance knows: 503 at once, with the error body.
                var slowest = Duration.zero
                repeat {
                    let sent = ContinuousClock.now
                    let refused = try await request()
                    slowest = max(slowest, sent.duration(to: .now))
                    #expect(refused.status == .serviceUnavailable, "cycle \(cycle): \(refused.text)")
                    try refused.expectErrorResponse(.serviceUnavailable)
                    try await Task.sleep(for: .milliseconds(100))
                } while stopped.duration(to: .now) < outage
                // "At once" against the alternative, a request that waits out the connection wait
                // (5 s): the bound leaves room for a loaded CI machine; the numbers are printed.
                #expect(slowest < .milliseconds(500), "cycle \(cycle): a 503 took \(slowest)")
                try await server.startServer()
                let back = ContinuousClock.now
                var served: Duration?
                while back.duration(to: .now) < .seconds(20) {
                    if try await request().status == .ok {
                        served = back.duration(to: .now)
                        break
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
                let recovery = try #require(served, "cycle \(cycle): not served within 20 s of the database's return")
                #expect(recovery < .seconds(1), "cycle \(cycle) (outage \(outage)): served again \(recovery) after the database's return")
                print("availability: cycle \(cycle), outage \(outage), served again \(recovery) after the database's return, slowest 503 \(slowest)")
            }
        }
    }

    /// With a poll interval far above the outage threshold, an instance that serves all along
    /// never starts resumption grace, and neither does a second instance starting meanwhile.
    @Test func aLongPollIntervalIsNoOutage() async throws {
        let url = try await TestPostgres.freshDatabase()
        let probe = try await PostgresStore.open(url: url, logger: Self.logger)
        var options = SharedCoordinator.Options()
        options.pollInterval = .seconds(3)
        let first = try await SharedCoordinator(
            store: try await PostgresStore.open(url: url, logger: Self.logger), options: options, logger: Self.logger,
            timerMode: .automatic)
        await first.start()
        let resumed = try await probe.transaction { try await $0.now(clockSkew: .zero) }.resumedAt
        #expect(resumed != nil)
        try await Task.sleep(for: .seconds(4))
        let second = try await SharedCoordinator(
            store: try await PostgresStore.open(url: url, logger: Self.logger), options: options, logger: Self.logger,
            timerMode: .automatic)
        await second.start()
        try await Task.sleep(for: .seconds(4))
        let later = try await probe.transaction { try await $0.now(clockSkew: .zero) }.resumedAt
        #expect(later == resumed, "resumption grace started without an outage")
        await first.shutdown()
        await second.shutdown()
        await probe.shutdown()
    }

    /// A connection lost after COMMIT was sent: the caller is told the outcome is unknown,
    /// not that nothing was changed.
    @Test func aCommitWhoseAnswerWasLostIsAnsweredOutcomeUnknown() async throws {
        let coordinator = try await SharedCoordinator(store: LostCommitStore(), logger: Self.logger, timerMode: .manual)
        let key = GroupKey(tenant: "t", namespace: "n", id: "g")
        await #expect(throws: CoordinationFailure.outcomeUnknown("connection closed")) {
            _ = try await coordinator.perform(as: .anonymous, on: .group(key)) { engine in engine.groupKeys.count }
        }
        let answer = ErrorResponseMiddleware<BatonRequestContext>.translate(CoordinationFailure.outcomeUnknown("connection closed"))
        #expect(answer.status == .serviceUnavailable)
        #expect(answer.reason.contains("unknown"))
        #expect(!answer.resolution.contains("nothing was changed"))
        await coordinator.shutdown()
    }
}

/// A shared store whose every transaction loses its connection after COMMIT was sent.
private struct LostCommitStore: SharedStore {
    func transaction<Result: Sendable>(_ body: @Sendable (any SharedTransaction) async throws -> Result) async throws -> Result {
        throw SharedStoreError.outcomeUnknown("connection closed")
    }

    func events(of group: GroupKey, skip: Int, count: Int) async throws -> EventPage { EventPage(events: [], total: 0) }
    func events(of group: GroupKey, after sequence: Int64, limit: Int) async throws -> [GroupEvent] { [] }
    func markServing(outage: Duration, resuming: Bool, clockSkew: Duration) async throws -> Instant? { Instant(nanoseconds: 0) }
    func reconnect() async throws {}
    func changeNotices() -> AsyncStream<ChangeNotice> { AsyncStream { $0.finish() } }
    func groupCounts() async throws -> GroupCounts { GroupCounts() }
    func shutdown() async {}
}
