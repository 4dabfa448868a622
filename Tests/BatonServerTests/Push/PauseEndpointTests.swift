import BatonCore
import BatonTestSupport
import Foundation
import Testing

/// `POST …/groups/{groupId}/pause` and `…/resume` over HTTP, on the embedded store.
@Suite struct PauseEndpointTests {
    let prefix = APIPrefix.onPremises

    @Test func aPausedGroupElectsNobodyAfterALostLeaseUntilResumed() async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix, timeout: "00:00:02")
            let paused = try await client.send(.post, prefix.group("g") + "/pause", #"{"Reason":"maintenance window"}"#)
            #expect(paused.status == .ok, "\(paused.text)")
            #expect(try paused.json[caseInsensitive: "Paused"] == .bool(true))
            #expect(try paused.json[caseInsensitive: "Pause"]?[caseInsensitive: "Reason"] == .string("maintenance window"))
            // a goes silent; b keeps heartbeating: with the group paused nobody takes the role.
            for _ in 0..<6 {
                await client.advance(by: .seconds(1))
                #expect(try await client.role(prefix, "g", "b") == 0)
            }
            let status = try await client.status(prefix, "g")
            #expect(status.primary == nil)
            // Pausing again changes nothing; the history says who and why, once.
            #expect(try await client.send(.post, prefix.group("g") + "/pause").status == .ok)
            let events = try await client.events(prefix, "g").compactMap { $0[caseInsensitive: "Type"] }
            #expect(events.filter { $0 == .string("GroupPaused") }.count == 1)
            let resumed = try await client.send(.post, prefix.group("g") + "/resume", "")
            #expect(resumed.status == .ok)
            #expect(try resumed.json[caseInsensitive: "Paused"] == .bool(false))
            #expect(try resumed.json[caseInsensitive: "Primary"] == .string("b"))
            #expect(try await client.role(prefix, "g", "b") == 1)
        }
    }

    @Test func badPauseRequestsAreRefused() async throws {
        try await withBaton { client in
            try await client.send(.post, prefix.group("nothing") + "/pause").expectErrorResponse(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.post, prefix.group("g") + "/pause", #"{"Reason":5}"#).expectErrorResponse(.badRequest)
            let long = json(String(repeating: "x", count: GroupPause.reasonLimit + 1))
            try await client.send(.post, prefix.group("g") + "/pause", #"{"Reason":\#(long)}"#).expectErrorResponse(.badRequest)
            try await client.send(.post, prefix.group("g") + "/pause", "[").expectErrorResponse(.badRequest)
            #expect(try await client.send(.get, prefix.status("g")).json[caseInsensitive: "Paused"] == .bool(false))
        }
    }
}

/// Pause, and the Primary probe, on two instances sharing one PostgreSQL database: a pause
/// committed through one instance holds on the other.
@Suite(.needsPostgres) struct SharedPauseTests {
    let prefix = APIPrefix.cloud

    @Test func aPauseThroughOneInstanceHoldsOnTheOther() async throws {
        try await withTwoInstances { one, two in
            try await one.groupWithPrimaryAndSecondary(prefix, timeout: "00:00:02")
            let probe = prefix.group("g") + "/clientsessions/a/primary"
            #expect(try await two.send(.get, probe).status == .ok, "a holds the role, seen through two")
            #expect(try await one.send(.post, prefix.group("g") + "/pause", #"{"Reason":"db upgrade"}"#).status == .ok)
            #expect(try await two.send(.get, prefix.status("g")).json[caseInsensitive: "Paused"] == .bool(true))
            // a goes silent; b heartbeats through the other instance: nobody takes the role.
            for _ in 0..<4 {
                await one.advance(by: .seconds(1))
                #expect(try await two.role(prefix, "g", "b") == 0)
            }
            #expect(try await one.send(.get, probe).status == .serviceUnavailable, "a's lease ran out")
            #expect(try await two.status(prefix, "g").primary == nil)
            #expect(try await two.send(.post, prefix.group("g") + "/resume").status == .ok)
            #expect(try await one.role(prefix, "g", "b") == 1)
            #expect(try await two.send(.head, prefix.group("g") + "/clientsessions/b/primary").status == .ok)
        }
    }
}
