import BatonCore
@testable import BatonStore
import BatonTestSupport
import Foundation

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

extension SharedStore {
    /// Writes `changes` in a transaction of their own.
    func write(_ changes: SharedWrite) async throws {
        try await transaction { try await $0.write(changes) }
    }

    func load(_ keys: [GroupKey]) async throws -> [GroupImage] {
        try await transaction { try await $0.lockGroups(keys) }
    }
}
