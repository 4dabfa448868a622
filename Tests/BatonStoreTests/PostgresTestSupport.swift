import BatonCore
@testable import BatonStore
import Foundation
import Logging
import Testing

/// The throwaway PostgreSQL server `scripts/postgres.sh start` (and so `scripts/test.sh`)
/// provides through `BATON_TEST_POSTGRES_URL`. Tests that need it are enabled when it is set,
/// and always under CI, where a missing server fails them instead of skipping them.
enum TestPostgres {
    static var serverURL: String? { ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES_URL"] }
    static var enabled: Bool { serverURL != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    static let logger: Logger = {
        var logger = Logger(label: "baton-store-tests")
        logger.logLevel = .warning
        return logger
    }()

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "BATON_TEST_POSTGRES_URL is not set: start a server with eval \"$(scripts/postgres.sh start)\" or run scripts/test.sh"
        }
    }

    /// Runs `body` with the URL of a new, empty database on the test server, dropped afterwards.
    static func withFreshDatabase<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        guard let serverURL, var components = URLComponents(string: serverURL) else { throw Missing() }
        let name = "baton_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let maintenance = try await PostgresStore.open(url: serverURL, logger: logger, migrate: false)
        do {
            try await maintenance.execute("CREATE DATABASE \(name)")
        } catch {
            await maintenance.shutdown()
            throw error
        }
        components.path = "/" + name
        let result: Result
        do {
            result = try await body(components.string!)
        } catch {
            try? await maintenance.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            await maintenance.shutdown()
            throw error
        }
        try? await maintenance.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        await maintenance.shutdown()
        return result
    }

    /// Runs `body` on a store opened on a new database, shut down afterwards.
    static func withStore<Result>(_ body: (PostgresStore) async throws -> Result) async throws -> Result {
        try await withFreshDatabase { url in
            let store = try await PostgresStore.open(url: url, logger: logger)
            do {
                let result = try await body(store)
                await store.shutdown()
                return result
            } catch {
                await store.shutdown()
                throw error
            }
        }
    }
}

/// Groups and members with every field set, or every optional one nil.
enum SharedFixtures {
    static let wall = Date(timeIntervalSince1970: 1_800_000_000.25)
    static let instant = Instant(nanoseconds: 1_800_000_000_123_456_789)

    static func key(_ id: String, tenant: String = "t1", namespace: String = "n1") -> GroupKey {
        GroupKey(tenant: tenant, namespace: namespace, id: id)
    }

    static let list = AccessControlList(entries: [
        AccessControlEntry(trustee: Trustee(kind: .role, objectID: "operator", tenantID: "t1"), accessType: .allowed, rights: .all),
        AccessControlEntry(trustee: Trustee(kind: .user, objectID: "mallory"), accessType: .denied, rights: [.write]),
    ])

    /// Every field set, transients included, with two members (one full, one bare).
    static func fullImage(_ key: GroupKey, epoch: UInt64 = 7) -> GroupImage {
        let record = GroupRecord(
            key: key,
            configuration: GroupConfiguration(
                id: key.id, name: "Line 1", description: "the first line", failoverTimeout: .milliseconds(2_500),
                additionalData: .object(["site": .string("north"), "weight": .number(1.5), "tags": .array([.bool(true), .null])]),
                preemption: .none),
            createdAt: wall, primary: "b", pending: "a", pendingReason: "score", epoch: epoch, fenced: true,
            watermark: wall.addingTimeInterval(0.5), nextEventSequence: 42, leaseHorizon: wall.addingTimeInterval(10.125),
            accessControl: list, activeTask: "task-1", forcedTarget: "a", forcedBy: "user:alice",
            pause: GroupPause(since: wall.addingTimeInterval(7.5), by: "user:ops", reason: "maintenance window"))
        let full = MemberImage(
            record: MemberRecord(
                group: key, registration: MemberRegistration(id: "b", name: "Adapter B", additionalData: .string("x")),
                registeredAt: wall.addingTimeInterval(1), roleOverride: .primary,
                overrideExpiresAt: wall.addingTimeInterval(60),
                lastHeartbeat: HeartbeatRecord(
                    score: 87.5, heartbeatTime: wall.addingTimeInterval(2), lastDataProcessedTime: wall.addingTimeInterval(3),
                    receivedAt: wall.addingTimeInterval(4))),
            overrideDeadline: instant + .seconds(60), lastReceived: instant + .milliseconds(1),
            leaseExpiry: instant + .seconds(2), heartbeatSinceStart: true, liveSince: instant - .seconds(5),
            betterThanPrimarySince: instant + .microseconds(3))
        let bare = MemberImage(record: MemberRecord(
            group: key, registration: MemberRegistration(id: "a"), registeredAt: wall.addingTimeInterval(0.75)))
        return GroupImage(
            record: record, fenceUntil: instant + .seconds(1), taskDeadline: instant + .seconds(30),
            graceUntil: instant + .nanoseconds(1), members: [bare, full])
    }

    /// Only what a group must have.
    static func bareImage(_ key: GroupKey, epoch: UInt64 = 0) -> GroupImage {
        GroupImage(record: GroupRecord(key: key, configuration: GroupConfiguration(id: key.id), createdAt: wall, epoch: epoch))
    }

    static func created(_ image: GroupImage, wakeAt: Instant? = nil) -> SharedWrite.SavedGroup {
        SharedWrite.SavedGroup(image: image, expectedEpoch: nil, wakeAt: wakeAt)
    }
}

extension Instant {
    static func - (lhs: Instant, rhs: Duration) -> Instant { Instant(nanoseconds: lhs.nanoseconds - rhs.nanoseconds) }
}

extension SharedStore {
    /// Writes `changes` in a transaction of their own.
    func write(_ changes: SharedWrite) async throws {
        try await transaction { try await $0.write(changes) }
    }

    func load(_ keys: [GroupKey]) async throws -> [GroupImage] {
        try await transaction { try await $0.lockGroups(keys) }
    }
}
