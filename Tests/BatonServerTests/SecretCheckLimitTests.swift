import BatonCore
@testable import BatonServer
import Foundation
import HTTPTypes
import Testing

/// bcrypt work anyone can ask for is bounded (`SecretCheckLimits`): per client address, and
/// in flight at once. Secrets already verified are never limited.
@Suite struct SecretCheckLimitTests {
    @Test("each address gets a burst of wrong checks, then one per second; another address is not held up")
    func perAddress() {
        let clock = TestClock()
        let limits = SecretCheckLimits(rate: 1, clock: clock)
        for _ in 1...SecretCheckLimits.burst {
            #expect(limits.admit(from: "192.0.2.1") == .admitted)
            limits.finished(from: "192.0.2.1", verified: false)
        }
        guard case .limited(let retryAfter, let reason) = limits.admit(from: "192.0.2.1") else {
            Issue.record("a check past the burst was admitted")
            return
        }
        #expect(retryAfter == .seconds(1))
        #expect(reason.contains("this address"))
        #expect(limits.admit(from: "192.0.2.2") == .admitted)
        limits.finished(from: "192.0.2.2", verified: false)
        clock.advance(by: .seconds(1))
        #expect(limits.admit(from: "192.0.2.1") == .admitted)
        limits.finished(from: "192.0.2.1", verified: false)
        #expect(limits.admit(from: "192.0.2.1") != .admitted)
    }

    @Test("a right secret gives its allowance back: a fleet behind one address signs in at bcrypt's pace")
    func rightSecretsDoNotCount() {
        let limits = SecretCheckLimits(rate: 1, clock: TestClock())
        for _ in 1...(3 * SecretCheckLimits.burst) {
            #expect(limits.admit(from: "192.0.2.1") == .admitted)
            limits.finished(from: "192.0.2.1", verified: true)
        }
        // Concurrent checks still take the allowance while they run.
        for _ in 1...SecretCheckLimits.burst { #expect(limits.admit(from: "192.0.2.1") == .admitted) }
        #expect(limits.admit(from: "192.0.2.1") != .admitted)
        limits.finished(from: "192.0.2.1", verified: true)
        #expect(limits.admit(from: "192.0.2.1") == .admitted)
    }

    @Test("at most 32 checks at once, whoever asks")
    func inFlight() {
        let limits = SecretCheckLimits(rate: 1, clock: TestClock())
        for index in 1...SecretCheckLimits.maximumInFlight {
            #expect(limits.admit(from: "192.0.2.\(index)") == .admitted)
        }
        guard case .limited(_, let reason) = limits.admit(from: "198.51.100.1") else {
            Issue.record("a check beyond the limit was admitted")
            return
        }
        #expect(reason.contains("under way"))
        // Refused for the crowd, not for its own guesses: the address keeps its allowance.
        for _ in 1...(2 * SecretCheckLimits.burst) { #expect(limits.admit(from: "198.51.100.1") != .admitted) }
        limits.finished(from: "192.0.2.1", verified: false)
        #expect(limits.admit(from: "198.51.100.1") == .admitted)
    }

    @Test("over HTTP: wrong passwords use the allowance up, then 429 on every sign-in path; a verified password is not limited")
    func overHTTP() async throws {
        let baton = TestBaton.secured { $0.secretCheckRate = 1 }
        defer { baton.removeFiles() }
        try baton.addReaders("alice", "bob")
        try baton.addPrincipal(.client, "adapter", tenant: "default", role: .member, secret: "s3cret")
        let groups = "/api/v1/clientfailover/groups"
        try await baton.run { client in
            // Verified once: never checked (or limited) again; a right secret takes no allowance.
            #expect(try await client.send(.get, groups, as: .basic(user: "alice", password: "pw-alice")).status == .ok)
            for _ in 1...SecretCheckLimits.burst {
                #expect(try await client.send(.get, groups, as: .basic(user: "alice", password: "guess")).status == .unauthorized)
            }
            let limited = try await client.send(.get, groups, as: .basic(user: "alice", password: "guess"))
            try limited.expectErrorResponse(.tooManyRequests)
            #expect(limited.headers[.retryAfter] == "1")
            #expect(try limited.field("Reason")?.stringValue?.contains("not checked") == true, "\(limited.text)")
            // A right password not yet verified is not checked either (it cannot be told from a guess)…
            #expect(try await client.send(.get, groups, as: .basic(user: "bob", password: "pw-bob")).status == .tooManyRequests)
            let token = try await client.send(
                .post, "/identity/connect/token", "grant_type=client_credentials&client_id=adapter&client_secret=s3cret",
                as: .none, contentType: "application/x-www-form-urlencoded")
            #expect(token.status == .tooManyRequests)
            #expect(try token.field("error")?.stringValue == "temporarily_unavailable")
            #expect(token.headers[.retryAfter] == "1")
            let login = try await client.send(.post, "/hybridity/api/sessions", #"{"username":"bob","password":"pw-bob"}"#, as: .none)
            #expect(login.status == .tooManyRequests)
            #expect(login.headers[.retryAfter] == "1")
            // …but one already verified is.
            for _ in 1...20 {
                #expect(try await client.send(.get, groups, as: .basic(user: "alice", password: "pw-alice")).status == .ok)
            }
            // An unknown user costs no check and stays a 401.
            #expect(try await client.send(.get, groups, as: .basic(user: "mallory", password: "x")).status == .unauthorized)
            // A second later, one more check.
            client.clock.advance(by: .seconds(1))
            #expect(try await client.send(.get, groups, as: .basic(user: "bob", password: "pw-bob")).status == .ok)
        }
    }
}
