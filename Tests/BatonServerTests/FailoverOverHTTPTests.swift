import BatonCore
import Foundation
import HTTPTypes
import Testing

/// Failover and planned handover seen through the Client Failover API, under every prefix.
@Suite struct FailoverOverHTTPTests {
    @Test(arguments: APIPrefix.allCases)
    func theSecondaryIsPromotedExactlyWhenThePrimarysLeaseExpires(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g", timeout: "00:00:10")
            try await client.register(prefix, "g", "a")
            try await client.register(prefix, "g", "b")
            #expect(try await client.role(prefix, "g", "a") == 1)  // a's lease: until 08:00:10
            await client.advance(by: .seconds(4))
            #expect(try await client.role(prefix, "g", "b") == 0)  // b's lease: until 08:00:14

            await client.advance(by: .milliseconds(5_999))
            let early = try await client.status(prefix, "g")
            #expect(early.roles == StatusReading(primary: "a", pending: nil, epoch: 1))
            let before = try await client.events(prefix, "g")

            await client.advance(by: .milliseconds(1))
            // The timer did it: the event is stored before anyone asks for the status.
            let after = try await client.events(prefix, "g")
            #expect(after.count == before.count + 1)
            let promotion = after.last
            #expect(promotion?.string("Type") == "PrimaryChanged")
            #expect(promotion?.string("From") == "a")
            #expect(promotion?.string("To") == "b")
            #expect(promotion?.number("Epoch") == 2)
            #expect(promotion?.string("Reason") == "lease-expired")
            #expect(promotion?.string("Time") == "2027-01-15T08:00:10.000Z")

            let status = try await client.status(prefix, "g")
            #expect(status.primary == "b")
            #expect(status.pending == nil)
            #expect(status.epoch == 2)
            let promoted = try await client.heartbeat(prefix, "g", "b")
            #expect(try promoted.number("Role") == 1)
            #expect(try promoted.number("Epoch") == 2)
            // The old Primary comes back as a Secondary and learns the new epoch.
            let returned = try await client.heartbeat(prefix, "g", "a")
            #expect(try returned.number("Role") == 0)
            #expect(try returned.number("Epoch") == 2)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aSecondaryKeptAliveTakesOverFromASilentPrimary(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix, timeout: "00:00:01")
            // b heartbeats every 500 ms (FailoverTimeout / 2); a has stopped.
            for _ in 0..<3 {
                await client.advance(by: .milliseconds(500))
                _ = try await client.role(prefix, "g", "b")
            }
            let status = try await client.status(prefix, "g")
            #expect(status.primary == "b")
            #expect(status.epoch == 2)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aLonePrimaryThatFallsSilentLosesTheRoleAndGetsANewEpochBack(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g", timeout: "00:00:10")
            try await client.register(prefix, "g", "a")
            #expect(try await client.role(prefix, "g", "a") == 1)
            await client.advance(by: .seconds(10))
            let lapsed = try await client.status(prefix, "g")
            #expect(lapsed.roles == StatusReading(primary: nil, pending: nil, epoch: 1))
            let back = try await client.heartbeat(prefix, "g", "a")
            #expect(try back.number("Role") == 1)
            #expect(try back.number("Epoch") == 2)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aPlannedHandoverGoesThroughPendingPrimary(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let override = try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":"Primary"}"#)
            #expect(override.status == .ok)

            // Both are shown until the old Primary has heard of its demotion.
            let both = try await client.status(prefix, "g")
            #expect(both.roles == StatusReading(primary: "a", pending: "b", epoch: 1))
            let waiting = try await client.heartbeat(prefix, "g", "b")
            #expect(try waiting.number("Role") == 2)
            #expect(try waiting.number("Epoch") == 1)
            #expect(try await client.session(prefix, "g", "b").number("Role") == 2)
            #expect(try await client.session(prefix, "g", "a").number("Role") == 1)
            await client.advance(by: .seconds(1))
            #expect(try await client.status(prefix, "g").pending == "b")

            // The old Primary's next heartbeat is its demotion notice.
            let demoted = try await client.heartbeat(prefix, "g", "a")
            #expect(try demoted.number("Role") == 0)
            let status = try await client.status(prefix, "g")
            #expect(status.primary == "b")
            #expect(status.pending == nil)
            #expect(status.epoch == 2)
            let promoted = try await client.heartbeat(prefix, "g", "b")
            #expect(try promoted.number("Role") == 1)
            #expect(try promoted.number("Epoch") == 2)

            let types = try await client.events(prefix, "g").map { $0.string("Type") ?? "?" }
            let started = types.firstIndex(of: "HandoverStarted")
            let changed = types.lastIndex(of: "PrimaryChanged")
            #expect(started != nil)
            #expect(changed != nil)
            if let started, let changed { #expect(started < changed) }
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aPendingHandoverCompletesWhenTheSilentPrimarysLeaseRunsOut(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)  // a's lease: until 08:00:10
            #expect(try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":1}"#).status == .ok)
            await client.advance(by: .seconds(5))
            #expect(try await client.role(prefix, "g", "b") == 2)
            await client.advance(by: .milliseconds(4_999))
            #expect(try await client.status(prefix, "g").primary == "a")
            await client.advance(by: .milliseconds(1))
            let status = try await client.status(prefix, "g")
            #expect(status.primary == "b")
            #expect(status.pending == nil)
            #expect(status.epoch == 2)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func anOverriddenPrimaryStaysPrimaryWhenItsHeartbeatsStop(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            #expect(try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":"Primary"}"#).status == .ok)
            #expect(try await client.role(prefix, "g", "a") == 0)
            // b never heartbeats again; a keeps going for a minute.
            for _ in 0..<12 {
                await client.advance(by: .seconds(5))
                #expect(try await client.role(prefix, "g", "a") == 0)
            }
            let status = try await client.status(prefix, "g")
            #expect(status.primary == "b")
            #expect(status.epoch == 2)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func removingALivePrimaryPromotesNobodyUntilItsLeaseWouldHaveRunOut(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)  // a's lease: until 08:00:10
            await client.advance(by: .seconds(5))
            #expect(try await client.role(prefix, "g", "b") == 0)
            #expect(try await client.send(.delete, prefix.session("g", "a")).status == .noContent)
            #expect(try await client.status(prefix, "g").primary == nil)
            // b may be told it is next (PendingPrimary), never that it is Primary yet.
            #expect(try await client.role(prefix, "g", "b") != 1)

            await client.advance(by: .milliseconds(4_999))
            #expect(try await client.status(prefix, "g").primary == nil)
            await client.advance(by: .milliseconds(1))
            let status = try await client.status(prefix, "g")
            #expect(status.primary == "b")
            #expect(status.epoch == 2)
        }
    }
}
