import BatonCore
import BatonServer
import BatonTestSupport
import Foundation
import HTTPTypes
import Testing

/// `GET /metrics` in the Prometheus text format, with values that follow what happens.
@Suite struct MetricsTests {
    let prefix = APIPrefix.onPremises

    /// The value of a sample line `name{labels} value` (or `name value`), nil when absent.
    static func value(_ text: String, _ sample: String) -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == sample { return Double(parts[1]) }
        }
        return nil
    }

    /// How much a sample grew between two scrapes (absent counts as 0). The HTTP metrics are
    /// the process's, shared by every test application, hence differences.
    static func growth(_ before: String, _ after: String, _ sample: String) -> Double {
        (value(after, sample) ?? 0) - (value(before, sample) ?? 0)
    }

    @Test("HTTP metrics count the status the client got, a route miss once, a made-up method as _OTHER")
    func httpMetricsCountTheAnswers() async throws {
        try await withBaton { client in
            let probe = "/api/v1/clientfailover/groups/{groupId}/clientsessions/{sessionId}/primary"
            let before = try await client.send(.get, "/metrics").text
            // A path no route has: the exact-case router passes it on, the other one answers.
            #expect(try await client.send(.trace, "/no/such/route").status == .notFound)
            // A handler's own 404 (Hummingbird's middleware counted errors it did not know as 500).
            #expect(try await client.send(.get, "/api/v1/clientfailover/groups/absent/clientsessions/s/primary").status == .notFound)
            // A method nobody registered, on a path that exists: 405.
            #expect(try await client.send(HTTPRequest.Method("BREW")!, "/health").status == .methodNotAllowed)
            #expect(try await client.send(.get, "/health").status == .ok)
            let after = try await client.send(.get, "/metrics").text

            let miss = #"http_route="NotFound",http_request_method="TRACE""#
            #expect(Self.growth(before, after, "hb_requests{\(miss),http_response_status_code=\"404\"}") == 1)
            #expect(Self.growth(before, after, "hb_request_errors{\(miss),error_type=\"404\"}") == 1)
            #expect(Self.growth(before, after, "http_server_request_duration_count{\(miss),http_response_status_code=\"404\"}") == 1)
            #expect(Self.growth(before, after, "hb_requests{\(miss),http_response_status_code=\"500\"}") == 0)
            let absent = "http_route=\"\(probe)\",http_request_method=\"GET\""
            #expect(Self.growth(before, after, "hb_requests{\(absent),http_response_status_code=\"404\"}") == 1)
            #expect(Self.value(after, "hb_requests{\(absent),http_response_status_code=\"500\"}") == nil)
            #expect(Self.growth(before, after, #"hb_requests{http_route="NotFound",http_request_method="_OTHER",http_response_status_code="405"}"#) == 1)
            #expect(!after.contains(#"http_request_method="BREW""#))
            #expect(Self.growth(before, after, #"hb_requests{http_route="/health",http_request_method="GET",http_response_status_code="200"}"#) == 1)
            #expect(Self.value(after, #"hb_request_errors{http_route="/health",http_request_method="GET",error_type="200"}"#) == nil)
        }
    }

    @Test func metricsFollowElectionsLeaseExpiriesHeartbeatsAndGaps() async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix, timeout: "00:00:02")
            var text = try await client.send(.get, "/metrics").text
            #expect(Self.value(text, "baton_groups") == 1)
            #expect(Self.value(text, "baton_groups_without_primary") == 0)
            #expect(Self.value(text, #"baton_role_changes_total{reason="elected"}"#) == 1)
            #expect(Self.value(text, #"baton_heartbeats_total{outcome="primary"}"#) == 1)
            #expect(Self.value(text, #"baton_heartbeats_total{outcome="secondary"}"#) == 1)
            #expect(Self.value(text, "baton_heartbeat_seconds_count") == 2)
            #expect(Self.value(text, "baton_store_available") == 1)
            #expect(text.contains("# TYPE baton_heartbeat_seconds histogram"))

            // a goes silent and b too: the lease runs out, nobody is promoted.
            await client.advance(by: .seconds(3))
            text = try await client.send(.get, "/metrics").text
            #expect(Self.value(text, #"baton_role_changes_total{reason="lease-expired"}"#) == 1)
            #expect(Self.value(text, "baton_lease_expirations_total") == 1)
            #expect(Self.value(text, "baton_groups_without_primary") == 1)
            // b comes back 3 s after the loss and is promoted: one gap of 3 s.
            #expect(try await client.role(prefix, "g", "b") == 1)
            try await client.send(.post, prefix.heartbeat("g", "ghost"), #"{"FailoverScore":1}"#)
            text = try await client.send(.get, "/metrics").text
            #expect(Self.value(text, "baton_primaryless_seconds_count") == 1)
            #expect(Self.value(text, #"baton_heartbeats_total{outcome="not_found"}"#) == 1)
            #expect(Self.value(text, "baton_groups_without_primary") == 0)
            // The HTTP metrics are on the same page.
            #expect(text.contains("hb_requests{"))
        }
    }

    /// Two instances on one PostgreSQL database: the group gauges are read from the shared
    /// store, so both instances report the same groups; history metrics count what each
    /// instance committed; a finished task and the commit latency are counted.
    @Test(.needsPostgres) func metricsOfTwoInstancesOnOneDatabase() async throws {
        try await withTwoInstances { one, two in
            try await one.groupWithPrimaryAndSecondary(prefix, preemption: 1)
            var text = try await two.send(.get, "/metrics").text
            #expect(Self.value(text, "baton_groups") == 1, "the other instance reads the shared store")
            #expect(Self.value(text, "baton_groups_without_primary") == 0)
            #expect(Self.value(text, "baton_store_commit_seconds_count") == 0, "nothing committed through two yet")

            // A planned failover through the second instance, carried out by heartbeats to both.
            let accepted = try await two.send(.post, prefix.group("g") + "/failover", #"{"Reason":"patching a"}"#)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            await one.advance(by: .seconds(1))
            #expect(try await two.role(prefix, "g", "b") == 2)
            #expect(try await one.role(prefix, "g", "a") == 0)
            #expect(try await two.role(prefix, "g", "b") == 1)

            // History counters count what each instance committed: together they saw it all once.
            let first = try await one.send(.get, "/metrics").text
            text = try await two.send(.get, "/metrics").text
            func both(_ sample: String) -> Double { (Self.value(first, sample) ?? 0) + (Self.value(text, sample) ?? 0) }
            #expect(both(#"baton_failover_tasks_total{outcome="FailoverSucceeded"}"#) == 1)
            #expect(both(#"baton_role_changes_total{reason="forced"}"#) == 1)
            #expect(both(#"baton_role_changes_total{reason="elected"}"#) == 1)
            #expect(both(#"baton_heartbeats_total{outcome="primary"}"#) == 2)
            #expect((Self.value(text, "baton_store_commit_seconds_count") ?? 0) >= 3)
            #expect(Self.value(text, "baton_store_available") == 1)
            #expect(Self.value(first, "baton_groups_without_primary") == 0)
        }
    }

    @Test func metricsNeedAPrincipalWhenAuthenticationIsOn() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "t1")
        try await baton.run { client in
            #expect(try await client.send(.get, "/metrics", as: .none).status == .unauthorized)
            let reply = try await client.send(.get, "/metrics", as: users.credentials(.reader))
            #expect(reply.status == .ok)
            #expect(reply.text.contains("baton_groups"))
        }
    }
}
