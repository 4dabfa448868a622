import BatonCore
import BatonJSON
@testable import BatonServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Per-session heartbeat and per-principal request limits: 429 with `Retry-After`.
@Suite("Rate limits")
struct RateLimitTests {
    let group = GroupKey(tenant: "t1", namespace: "n1", id: "g1")
    let alice = Principal(kind: .user, id: "alice", tenant: "t1", role: .operator)
    let adapter = Principal(kind: .client, id: "alice", tenant: "t1", role: .member)

    /// Runs `body` and returns the `APIError` it threw, or records an issue.
    func refusal(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> APIError? {
        do {
            try body()
            Issue.record("expected a 429", sourceLocation: sourceLocation)
            return nil
        } catch let error as APIError {
            return error
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    // MARK: Heartbeats per session

    @Test("heartbeats burst to twice the rate, then 429 with Retry-After and a clear reason")
    func heartbeatLimit() throws {
        let clock = TestClock()
        let limits = RateLimits(heartbeatRate: 2, requestRate: 0, clock: clock)
        for _ in 1...4 { try limits.admitHeartbeat(group: group, session: "s1") }
        let error = try #require(refusal { try limits.admitHeartbeat(group: group, session: "s1") })
        #expect(error.status == .tooManyRequests)
        #expect(error.headers[.retryAfter] == "1")  // 500 ms, rounded up to whole seconds
        #expect(error.reason.contains("'s1'"), "\(error.reason)")
        #expect(error.reason.contains("'g1'"), "\(error.reason)")
        #expect(error.reason.contains("2 per second"), "\(error.reason)")
        #expect(!error.error.isEmpty && !error.resolution.isEmpty)
    }

    @Test("heartbeat buckets are per session and per group")
    func heartbeatLimitIsPerSession() throws {
        let clock = TestClock()
        let limits = RateLimits(heartbeatRate: 1, requestRate: 0, clock: clock)
        try limits.admitHeartbeat(group: group, session: "s1")
        try limits.admitHeartbeat(group: group, session: "s1")
        _ = refusal { try limits.admitHeartbeat(group: group, session: "s1") }
        // Another session of the same group, and the same session id in another group.
        try limits.admitHeartbeat(group: group, session: "s2")
        try limits.admitHeartbeat(group: GroupKey(tenant: "t1", namespace: "n1", id: "g2"), session: "s1")
        try limits.admitHeartbeat(group: GroupKey(tenant: "t2", namespace: "n1", id: "g1"), session: "s1")
    }

    @Test("after the Retry-After wait the session may heartbeat again")
    func heartbeatRefill() throws {
        let clock = TestClock()
        let limits = RateLimits(heartbeatRate: 1, requestRate: 0, clock: clock)
        try limits.admitHeartbeat(group: group, session: "s1")
        try limits.admitHeartbeat(group: group, session: "s1")
        let error = try #require(refusal { try limits.admitHeartbeat(group: group, session: "s1") })
        #expect(error.headers[.retryAfter] == "1")
        clock.advance(by: .milliseconds(999))
        _ = refusal { try limits.admitHeartbeat(group: group, session: "s1") }
        clock.advance(by: .milliseconds(1))
        try limits.admitHeartbeat(group: group, session: "s1")
    }

    @Test("Retry-After is whole seconds, rounded up, at least 1")
    func retryAfterRounding() {
        #expect(RateLimits.retryAfterSeconds(.nanoseconds(1)) == 1)
        #expect(RateLimits.retryAfterSeconds(.zero) == 1)
        #expect(RateLimits.retryAfterSeconds(.milliseconds(999)) == 1)
        #expect(RateLimits.retryAfterSeconds(.seconds(1)) == 1)
        #expect(RateLimits.retryAfterSeconds(.milliseconds(1001)) == 2)
        #expect(RateLimits.retryAfterSeconds(.seconds(3)) == 3)
    }

    @Test("a partly refilled bucket still answers a whole second, never 0")
    func partlyRefilledRetryAfter() throws {
        let clock = TestClock()
        // Settings take whole rates, so a wait is at most one second: 900 ms here.
        let limits = RateLimits(heartbeatRate: 1, requestRate: 0, clock: clock)
        try limits.admitHeartbeat(group: group, session: "s1")
        try limits.admitHeartbeat(group: group, session: "s1")
        clock.advance(by: .milliseconds(100))
        let error = try #require(refusal { try limits.admitHeartbeat(group: group, session: "s1") })
        #expect(error.headers[.retryAfter] == "1")
    }

    @Test("rate 0 turns a limit off")
    func zeroIsUnlimited() throws {
        let limits = RateLimits(heartbeatRate: 0, requestRate: 0, clock: TestClock())
        for _ in 1...10_000 {
            try limits.admitHeartbeat(group: group, session: "s1")
            try limits.admitRequest(principal: alice, remoteAddress: nil)
        }
    }

    @Test("the limits come from the settings")
    func fromSettings() throws {
        let settings = ServerSettings(heartbeatRate: 3, requestRate: 7)
        let limits = RateLimits(settings: settings, clock: TestClock())
        #expect(limits.heartbeatRate == 3)
        #expect(limits.requestRate == 7)
        for _ in 1...14 { try limits.admitRequest(principal: alice, remoteAddress: nil) }
        _ = refusal { try limits.admitRequest(principal: alice, remoteAddress: nil) }
        for _ in 1...6 { try limits.admitHeartbeat(group: group, session: "s") }
        _ = refusal { try limits.admitHeartbeat(group: group, session: "s") }
    }

    // MARK: Requests per principal

    @Test("requests are limited per principal, whatever the address")
    func requestLimitPerPrincipal() throws {
        let clock = TestClock()
        let limits = RateLimits(heartbeatRate: 0, requestRate: 5, clock: clock)
        for index in 1...10 { try limits.admitRequest(principal: alice, remoteAddress: "10.0.0.\(index)") }
        let error = try #require(refusal { try limits.admitRequest(principal: alice, remoteAddress: "10.0.0.99") })
        #expect(error.status == .tooManyRequests)
        #expect(error.headers[.retryAfter] == "1")
        #expect(error.reason.contains("user:alice"), "\(error.reason)")
        // A client with the same id is another principal.
        try limits.admitRequest(principal: adapter, remoteAddress: "10.0.0.1")
        clock.advance(by: .milliseconds(200))
        try limits.admitRequest(principal: alice, remoteAddress: nil)
        _ = refusal { try limits.admitRequest(principal: alice, remoteAddress: nil) }
    }

    @Test("anonymous requests are limited per remote address")
    func anonymousPerAddress() throws {
        let limits = RateLimits(heartbeatRate: 0, requestRate: 1, clock: TestClock())
        try limits.admitRequest(principal: .anonymous, remoteAddress: "192.0.2.1")
        try limits.admitRequest(principal: .anonymous, remoteAddress: "192.0.2.1")
        let error = try #require(refusal { try limits.admitRequest(principal: .anonymous, remoteAddress: "192.0.2.1") })
        #expect(error.reason.contains("address 192.0.2.1"), "\(error.reason)")
        try limits.admitRequest(principal: .anonymous, remoteAddress: "192.0.2.2")
        try limits.admitRequest(principal: .anonymous, remoteAddress: "192.0.2.2")
        _ = refusal { try limits.admitRequest(principal: .anonymous, remoteAddress: "192.0.2.2") }
    }

    @Test("anonymous requests without an address share one bucket")
    func anonymousWithoutAddress() throws {
        let limits = RateLimits(heartbeatRate: 0, requestRate: 1, clock: TestClock())
        try limits.admitRequest(principal: .anonymous, remoteAddress: nil)
        try limits.admitRequest(principal: .anonymous, remoteAddress: nil)
        let error = try #require(refusal { try limits.admitRequest(principal: .anonymous, remoteAddress: nil) })
        #expect(error.reason.contains("anonymous"), "\(error.reason)")
        // An address-keyed anonymous client is not in that bucket.
        try limits.admitRequest(principal: .anonymous, remoteAddress: "192.0.2.1")
    }

    @Test("heartbeat and request limits are independent")
    func independentLimits() throws {
        let limits = RateLimits(heartbeatRate: 1, requestRate: 1, clock: TestClock())
        try limits.admitHeartbeat(group: group, session: "s1")
        try limits.admitHeartbeat(group: group, session: "s1")
        _ = refusal { try limits.admitHeartbeat(group: group, session: "s1") }
        try limits.admitRequest(principal: alice, remoteAddress: nil)
        try limits.admitRequest(principal: alice, remoteAddress: nil)
    }

    // MARK: Over HTTP, through the application's own routes (`AdmissionMiddleware`)

    @Test("over HTTP: past a principal's share, 429 with the ErrorResponse body, Retry-After and an Operation-Id")
    func tooManyRequestsOverHTTP() async throws {
        let baton = TestBaton.secured { $0.requestRate = 2 }
        defer { baton.removeFiles() }
        try baton.addReaders("alice", "bob")
        let alice = Credentials.basic(user: "alice", password: "pw-alice")
        let bob = Credentials.basic(user: "bob", password: "pw-bob")
        try await baton.run { client in
            // A burst of twice the rate per second, then refused.
            for _ in 1...4 {
                #expect(try await client.send(.get, "/api/v1/clientfailover/groups", as: alice).status == .ok)
            }
            let refused = try await client.send(.get, "/api/v1/clientfailover/groups", as: alice)
            try refused.expectErrorResponse(.tooManyRequests)
            #expect(refused.headers[.retryAfter] == "1")
            #expect(refused.headers[.operationID] != nil)
            #expect(try refused.field("Reason")?.stringValue?.contains("user:alice") == true, "\(refused.text)")

            // Another principal is not held up by alice; the HCX API counts against the same share.
            #expect(try await client.send(.get, "/api/v1/clientfailover/groups", as: bob).status == .ok)
            for _ in 1...3 { #expect(try await client.hcx(.get, HCX.groups, as: bob).status == .ok) }
            let refusedHCX = try await client.hcx(.get, HCX.groups, as: bob)
            #expect(refusedHCX.status == .tooManyRequests, "\(refusedHCX.text)")
            #expect(refusedHCX.headers[.retryAfter] == "1")

            // After the wait, alice is served again.
            client.clock.advance(by: .seconds(1))
            #expect(try await client.send(.get, "/api/v1/clientfailover/groups", as: alice).status == .ok)
        }
    }

    @Test("on a live socket, anonymous requests are counted per peer IP address")
    func anonymousPerPeerAddress() async throws {
        let baton = TestBaton(authentication: .disabled) { $0.requestRate = 1 }
        defer { baton.removeFiles() }
        try await baton.run(.live) { client in
            #expect(try await client.send(.get, "/api/v1/clientfailover/groups").status == .ok)
            #expect(try await client.send(.get, "/api/v1/clientfailover/groups").status == .ok)
            let refused = try await client.send(.get, "/api/v1/clientfailover/groups")
            try refused.expectErrorResponse(.tooManyRequests)
            #expect(try refused.field("Reason")?.stringValue?.contains("address 127.0.0.1") == true, "\(refused.text)")
        }
    }
}
