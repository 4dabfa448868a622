import BatonClient
import Foundation
import Testing

/// A refused operation prints the server's Reason and exits non-zero; the client library
/// throws it as a typed error.
@Suite struct RefusalTests {
    @Test func aRefusedFailoverPrintsTheServersReasonAndExitsNonZero() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("solo", sessions: ["a"])
                _ = try await client.heartbeat("a", in: "solo", Heartbeat(failoverScore: 100))

                // What the API itself says about this request.
                let refusal = try await #require(throws: BatonAPIError.self) {
                    try await client.requestFailover(of: "solo")
                }
                #expect(refusal.status == 409)
                #expect(refusal.code == "NoLiveStandby")
                #expect(!refusal.reason.isEmpty)

                let outcome = try await server.baton(["failover", "solo", "--yes"])
                #expect(outcome.status == 1)
                #expect(outcome.errors.contains(refusal.reason), "\(outcome.all)")
                #expect(outcome.errors.contains("NoLiveStandby"), "\(outcome.all)")
            }
        }
    }

    @Test func unknownGroupsAndTasksAreTheServers404s() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                let missing = try await #require(throws: BatonAPIError.self) { try await client.status(of: "nowhere") }
                #expect(missing.status == 404)

                let status = try await server.baton(["status", "nowhere"])
                #expect(status.status == 1)
                #expect(status.errors.contains(missing.reason), "\(status.all)")

                let cancel = try await server.baton(["cancel", "00000000-0000-0000-0000-000000000000"])
                #expect(cancel.status == 1)
                #expect(cancel.errors.contains("HTTP 404"), "\(cancel.all)")
            }
        }
    }

    @Test func anUnreachableServerIsAnErrorNotAHang() async throws {
        let started = ContinuousClock.now
        let outcome = try await LiveServer.with { server in
            // A port nothing listens on: the server's own, after it stopped.
            let url = server.url
            await server.stop()
            return try await server.baton(["groups"], environment: ["BATON_SERVER": url])
        }
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("cannot reach the server"), "\(outcome.all)")
        // At once: a refused connection is not tried again until the connect timeout.
        #expect(ContinuousClock.now - started < .seconds(8))
    }

    /// A drain or override period too long to count in seconds is a usage error, not a trap.
    @Test(arguments: ["9223372036854775807d", "106751991167301d", "-5m", "10x"])
    func aPeriodThatCannotBeADurationIsAUsageError(period: String) async throws {
        let outcome = try await LiveServer.with { server in
            try await server.baton(["drain", "g", "a", "--for", period])
        }
        #expect(outcome.status == 64, "\(outcome.all)")
        #expect(outcome.errors.contains("--for"), "\(outcome.all)")
    }
}
