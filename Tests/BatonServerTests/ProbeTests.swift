import BatonCore
import BatonStore
@testable import BatonServer
import Foundation
import HTTPTypes
import Logging
import Testing

/// Probes for orchestrators and load balancers: `/livez`, `/readyz`, and the Primary probe.
@Suite struct ProbeTests {
    let prefix = APIPrefix.onPremises

    @Test func livenessAndReadinessAnswerGoodOnAHealthyInstance() async throws {
        try await withBaton { client in
            for path in ["/livez", "/readyz", "/health"] {
                let reply = try await client.send(.get, path)
                #expect(reply.status == .ok, "\(path): \(reply.text)")
                #expect(try reply.string("Status") == "Good")
            }
        }
    }

    @Test func readinessFailsWhileTheSharedStoreIsAway() async throws {
        var logger = Logger(label: "probe-tests")
        logger.logLevel = .critical
        let coordinator = try await SharedCoordinator(store: UnreachableStore(), logger: logger, timerMode: .manual)
        #expect(await coordinator.readinessProblem() == nil)
        _ = try? await coordinator.perform(as: .anonymous, on: .group(GroupKey(id: "g"))) { try $0.status(of: GroupKey(id: "g")) }
        let problem = await coordinator.readinessProblem()
        #expect(problem?.contains("unreachable") == true, "\(problem ?? "nil")")
        #expect(await coordinator.livenessProblem() == nil)
        await coordinator.shutdown()
    }

    @Test func thePrimaryProbeAnswers200OnlyWhileTheSessionHoldsTheRoleAndItsLease() async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix, timeout: "00:00:02")
            let primary = try await client.send(.get, prefix.session("g", "a") + "/primary")
            #expect(primary.status == .ok, "\(primary.text)")
            #expect(primary.headers[PrimaryProbe.epochHeader] == "1")
            #expect(try primary.number("Epoch") == 1)
            let head = try await client.send(.head, prefix.session("g", "a") + "/primary")
            #expect(head.status == .ok)
            #expect(head.text.isEmpty)
            #expect(head.headers[PrimaryProbe.epochHeader] == "1")

            let secondary = try await client.send(.get, prefix.session("g", "b") + "/primary")
            try secondary.expectErrorResponse(.serviceUnavailable)
            #expect(try secondary.string("Code") == "NotPrimary")
            #expect(secondary.headers[PrimaryProbe.epochHeader] == nil)
            #expect(try await client.send(.head, prefix.session("g", "b") + "/primary").status == .serviceUnavailable)

            // a stops heartbeating: once its lease is over the probe says so, before anyone
            // else is promoted (b has not heartbeated either).
            await client.advance(by: .seconds(3))
            #expect(try await client.send(.get, prefix.session("g", "a") + "/primary").status == .serviceUnavailable)
            try await client.send(.get, prefix.session("g", "ghost") + "/primary").expectErrorResponse(.notFound)
        }
    }

    @Test func theActiveProbeOfAnHCXAppliance() async throws {
        try await withBaton { client in
            try await client.activeStandbyPair()
            let active = try await client.hcx(.get, HCX.appliance("a1") + "/active")
            #expect(active.status == .ok, "\(active.text)")
            #expect(active.headers[PrimaryProbe.epochHeader] != nil)
            let standby = try await client.hcx(.get, HCX.appliance("a2") + "/active")
            try standby.expectHCXError(.serviceUnavailable, code: "NotActive")
            try await client.hcx(.get, HCX.appliance("nobody") + "/active").expectHCXError(.notFound)
        }
    }
}

/// A shared store that cannot be reached.
private struct UnreachableStore: SharedStore {
    func transaction<Result: Sendable>(_ body: @Sendable (any SharedTransaction) async throws -> Result) async throws -> Result {
        throw SharedStoreError.unavailable("no database connection")
    }
    func events(of group: GroupKey, skip: Int, count: Int) async throws -> EventPage { EventPage(events: [], total: 0) }
    func events(of group: GroupKey, after sequence: Int64, limit: Int) async throws -> [GroupEvent] { [] }
    func markServing(outage: Duration, resuming: Bool, clockSkew: Duration) async throws -> Instant? { Instant(nanoseconds: 0) }
    func reconnect() async throws { throw SharedStoreError.unavailable("no database connection") }
    func changeNotices() -> AsyncStream<ChangeNotice> { AsyncStream { $0.finish() } }
    func groupCounts() async throws -> GroupCounts { GroupCounts() }
    func shutdown() async {}
}
