import BatonCore
@testable import BatonStore
import BatonTestSupport
import Foundation
import NIOCore
import Testing

/// What a caller sees when PostgreSQL cannot be reached, and how URLs are read. No server needed.
@Suite struct PostgresAvailabilityTests {
    /// Port 1 on loopback: nothing listens, every connection is refused.
    static let deadURL = "postgres://baton@127.0.0.1:1/baton"

    @Test func aTransactionOnAnUnreachableDatabaseIsUnavailableWithinSeconds() async throws {
        let store = try await PostgresStore.open(url: Self.deadURL, logger: TestPostgres.logger, migrate: false)
        let started = ContinuousClock.now
        await #expect {
            try await store.transaction { try await $0.now(clockSkew: .zero) }
        } throws: { error in
            guard case SharedStoreError.unavailable = error else { return false }
            return true
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        await store.shutdown()
    }

    @Test func openingAnUnreachableDatabaseIsUnavailableWithinSeconds() async throws {
        let started = ContinuousClock.now
        await #expect {
            _ = try await PostgresStore.open(url: Self.deadURL, logger: TestPostgres.logger)
        } throws: { error in
            guard case SharedStoreError.unavailable = error else { return false }
            return true
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// A database host that accepts connections and then never answers (paused, partitioned):
    /// the connect succeeds, the start-up exchange never ends. Every lease must still give up
    /// within its wait — neither the pool's connection attempts nor the probe may hold it.
    @Test(.timeLimit(.minutes(1)))
    func aDatabaseThatNeverAnswersIsUnavailableWithinSeconds() async throws {
        let silent = try SilentServer()
        let store = try await PostgresStore.open(url: silent.url, logger: TestPostgres.logger, migrate: false)
        for _ in 0..<2 {
            let started = ContinuousClock.now
            await #expect {
                try await store.transaction { try await $0.now(clockSkew: .zero) }
            } throws: { error in
                guard case SharedStoreError.unavailable = error else { return false }
                return true
            }
            #expect(ContinuousClock.now - started < PostgresStore.connectionWait + .seconds(2))
        }
        await #expect(throws: SharedStoreError.self) { try await store.reconnect() }
        await store.shutdown()
    }

    /// A COMMIT whose connection was lost while it was sent or answered may have committed:
    /// its outcome is unknown, not "nothing changed".
    @Test func aCommitThatLostItsConnectionHasAnUnknownOutcome() {
        for error: any Error in [ChannelError.ioOnClosedChannel, ChannelError.eof] {
            guard case .outcomeUnknown = PostgresStore.commitFailure(error) else {
                Issue.record("\(error): \(PostgresStore.commitFailure(error))")
                continue
            }
        }
    }

    @Test func urlsAreReadWithTheirDefaults() throws {
        let full = try PostgresURL("postgres://baton:s%40cret@db.example:6432/coordination?sslmode=disable")
        #expect(full.host == "db.example" && full.port == 6432 && full.username == "baton")
        #expect(full.password == "s@cret" && full.database == "coordination" && full.tls == .disable)
        let local = try PostgresURL("postgresql://me@127.0.0.1/")
        #expect(local.port == 5432 && local.database == "me" && local.tls == .disable && local.password == nil)
        #expect(try PostgresURL("postgres://me@db.example/x").tls == .require)
        #expect(try PostgresURL("postgres://me@[::1]:5433/x").host == "::1")
        let pinned = try PostgresURL("postgres://me@db.example/x?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(pinned.tls == .verifyFull && pinned.rootCertificatePath == "/etc/ca.pem")
    }

    @Test(arguments: [
        "http://baton@host/db", "postgres://host/db", "postgres://baton@/db", "postgres://baton@host/a/b",
        "postgres://baton:topsecret@host/db?sslmode=sometimes", "postgres://baton:topsecret@host/db?timeout=3", "not a url",
    ])
    func badURLsAreRefusedWithoutQuotingThem(_ url: String) {
        #expect {
            _ = try PostgresURL(url)
        } throws: { error in
            "\(error)".hasPrefix("invalid PostgreSQL URL") && !"\(error)".contains("topsecret")
        }
    }
}
