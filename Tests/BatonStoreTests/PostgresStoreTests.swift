import BatonCore
@testable import BatonStore
import BatonTestSupport
import Foundation
import Testing

/// The shared store on a real PostgreSQL server, one fresh database per test.
@Suite(.needsPostgres)
struct PostgresStoreTests {
    typealias F = SharedFixtures

    @Test func migrationsApplyOnceWhenTwoStoresOpenAtOnceAndAgainLater() async throws {
        try await TestPostgres.withFreshDatabase { url in
            async let first = PostgresStore.open(url: url, logger: TestPostgres.logger)
            async let second = PostgresStore.open(url: url, logger: TestPostgres.logger)
            let stores = try await [first, second]
            let third = try await PostgresStore.open(url: url, logger: TestPostgres.logger)
            let versions = try await third.integers("SELECT version FROM baton_schema_migration ORDER BY version")
            #expect(versions == PostgresSchema.migrations.map { Int64($0.version) })
            #expect(try await third.integers("SELECT count(*) FROM baton_service") == [1])
            for store in stores + [third] { await store.shutdown() }
        }
    }

    @Test func groupImagesWithMembersComeBackExactly() async throws {
        try await TestPostgres.withStore { store in
            let full = F.fullImage(F.key("g1"))
            let bare = F.bareImage(F.key("g2"))
            var changes = SharedWrite()
            changes.savedGroups = [F.created(full, wakeAt: F.instant), F.created(bare)]
            changes.savedMembers = full.members
            try await store.write(changes)

            let loaded = try await store.load([F.key("g2"), F.key("g1"), F.key("missing")])
            // In key order, members sorted by id as the engine's own images are.
            #expect(loaded == [full, bare])
            #expect(loaded.first?.members.map(\.id) == ["a", "b"])
            let listed = try await store.transaction { try await $0.groups(tenant: "t1", lock: false) }
            #expect(listed == [full, bare])
            #expect(try await store.transaction { try await $0.groups(tenant: "t2", lock: true) }.isEmpty)
        }
    }

    @Test func eventsTasksAppliancesAndAccessListsRoundTrip() async throws {
        try await TestPostgres.withStore { store in
            let key = F.key("g1")
            let events = (1...3).map { sequence in
                GroupEvent(group: key, sequence: Int64(sequence), time: F.wall, kind: .primaryChanged, from: sequence == 1 ? nil : "a",
                           to: "b", epoch: UInt64(sequence), reason: "elected", principal: "user:alice", detail: nil)
            }
            var queued = FailoverTask(id: "task-1", group: key, requestedTarget: "b", scheduledAt: F.wall, reason: "maintenance",
                                      principal: "user:alice", createdAt: F.wall)
            queued.steps = [FailoverTask.Step(title: "Queued", status: .success, startTime: F.wall, endTime: F.wall)]
            let task = queued
            let appliance = ApplianceRecord(
                tenant: "t1", registration: ApplianceRegistration(id: "ix-1", name: "IX", type: "HCX-IX", peerID: "p"),
                registeredAt: F.wall, group: "ha-1")
            let collection = CollectionKey(tenant: "t1", namespace: "n1")
            var changes = SharedWrite()
            changes.savedGroups = [F.created(F.bareImage(key))]
            changes.events = events
            changes.tasks = [task]
            changes.savedAppliances = [appliance]
            changes.collectionAccessControl = [(collection, F.list)]
            try await store.write(changes)

            #expect(try await store.events(of: key, skip: 1, count: 10) == EventPage(events: Array(events.dropFirst()), total: 3))
            let (byID, byTenant, appliances, lists) = try await store.transaction { transaction in
                (try await transaction.tasks(ids: ["task-1", "other"]), try await transaction.tasks(tenant: "t1"),
                 try await transaction.appliances(tenant: "t1"), try await transaction.collectionAccessControl(tenant: "t1"))
            }
            #expect(byID == [task])
            #expect(byTenant == [task])
            #expect(appliances == [appliance])
            #expect(lists == [collection: F.list])

            // Deleting the group takes its members and history, not its tasks.
            var removal = SharedWrite()
            removal.deletedGroups = [key]
            removal.deletedAppliances = [appliance.key]
            removal.collectionAccessControl = [(collection, nil)]
            try await store.write(removal)
            #expect(try await store.events(of: key, skip: 0, count: 10) == EventPage(events: [], total: 0))
            let (groups, kept, left, remaining) = try await store.transaction { transaction in
                (try await transaction.lockGroups([key]), try await transaction.tasks(tenant: "t1"),
                 try await transaction.appliances(tenant: "t1"), try await transaction.collectionAccessControl(tenant: "t1"))
            }
            #expect(groups.isEmpty)
            #expect(kept == [task])
            #expect(left.isEmpty)
            #expect(remaining.isEmpty)
        }
    }

    @Test func aStaleExpectedEpochIsAConflictAndChangesNothing() async throws {
        try await TestPostgres.withStore { store in
            let key = F.key("g1")
            let original = F.fullImage(key, epoch: 3)
            var create = SharedWrite()
            create.savedGroups = [F.created(original)]
            create.savedMembers = original.members
            try await store.write(create)

            var promoted = original
            promoted.record.epoch = 4
            promoted.record.primary = "a"
            var stale = SharedWrite()
            stale.savedGroups = [SharedWrite.SavedGroup(image: promoted, expectedEpoch: 2, wakeAt: nil)]
            stale.events = [GroupEvent(group: key, sequence: 42, time: F.wall, kind: .primaryChanged, from: "b", to: "a",
                                       epoch: 4, reason: "elected")]
            await #expect(throws: SharedStoreError.self) { try await store.write(stale) }
            do {
                try await store.write(stale)
            } catch let error as SharedStoreError {
                guard case .conflict = error else { Issue.record("expected a conflict, got \(error)"); return }
            }
            #expect(try await store.load([key]) == [original])
            #expect(try await store.events(of: key, skip: 0, count: 10).total == 0)

            // With the epoch the row has, the same change goes through.
            var current = stale
            current.savedGroups[0].expectedEpoch = 3
            try await store.write(current)
            #expect(try await store.load([key]).first?.record == promoted.record)
        }
    }

    /// A changed member is updated in place; one that is not there (the group changed behind
    /// its lock, which never happens) fails the whole write and changes nothing.
    @Test func aChangedMemberIsUpdatedInPlaceAndOneThatIsGoneIsAConflict() async throws {
        try await TestPostgres.withStore { store in
            let key = F.key("g1")
            let original = F.fullImage(key)
            var create = SharedWrite()
            create.savedGroups = [F.created(original)]
            create.savedMembers = original.members
            try await store.write(create)

            var received = original
            received.members[0].lastReceived = F.instant + .seconds(5)
            var receipt = SharedWrite()
            receipt.changedMembers = [received.members[0]]
            try await store.write(receipt)
            #expect(try await store.load([key]) == [received])

            var gone = received.members[1]
            gone.record.registration.id = "not-registered"
            var later = received
            later.members[0].lastReceived = F.instant + .seconds(9)
            var stale = SharedWrite()
            stale.changedMembers = [later.members[0], gone]
            let error = await #expect(throws: SharedStoreError.self) { try await store.write(stale) }
            #expect(error.map { if case .conflict = $0 { true } else { false } } == true)
            #expect(try await store.load([key]) == [received])
        }
    }

    @Test func creatingAGroupThatExistsIsAConflict() async throws {
        try await TestPostgres.withStore { store in
            var create = SharedWrite()
            create.savedGroups = [F.created(F.bareImage(F.key("g1")))]
            try await store.write(create)
            var again = SharedWrite()
            again.savedGroups = [F.created(F.fullImage(F.key("g1")))]
            let error = await #expect(throws: SharedStoreError.self) { try await store.write(again) }
            #expect(error.map { if case .conflict = $0 { true } else { false } } == true)
            #expect(try await store.load([F.key("g1")]) == [F.bareImage(F.key("g1"))])
        }
    }

    @Test func twoTransactionsLockingTheSameGroupTakeTurns() async throws {
        try await TestPostgres.withStore { store in
            let key = F.key("g1")
            var create = SharedWrite()
            create.savedGroups = [F.created(F.bareImage(key, epoch: 1))]
            try await store.write(create)

            let (locked, lockedSignal) = AsyncStream<Void>.makeStream()
            async let first: Void = store.transaction { transaction in
                var image = try #require(try await transaction.lockGroups([key]).first)
                lockedSignal.yield()
                try await Task.sleep(for: .milliseconds(300))
                image.record.epoch = 2
                var changes = SharedWrite()
                changes.savedGroups = [SharedWrite.SavedGroup(image: image, expectedEpoch: 1, wakeAt: nil)]
                try await transaction.write(changes)
            }
            var iterator = locked.makeAsyncIterator()
            await iterator.next()
            let started = ContinuousClock.now
            let seen = try await store.transaction { try await $0.lockGroups([key]) }
            try await first
            // The second waited for the first's commit and saw its write.
            #expect(seen.first?.record.epoch == 2)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }

    @Test func concurrentClaimersGetDisjointDueGroups() async throws {
        try await TestPostgres.withStore { store in
            let now = try await store.transaction { try await $0.now(clockSkew: .zero) }.now
            var create = SharedWrite()
            create.savedGroups = (0..<10).map { F.created(F.bareImage(F.key("due-\($0)")), wakeAt: now - .seconds(Int64(10 - $0))) }
                + [F.created(F.bareImage(F.key("later")), wakeAt: now + .seconds(3_600)),
                   F.created(F.bareImage(F.key("never")))]
            try await store.write(create)

            let (claimed, claimedSignal) = AsyncStream<Void>.makeStream()
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            async let first = store.transaction { transaction in
                let groups = try await transaction.claimDueGroups(at: now, limit: 4)
                claimedSignal.yield()
                var iterator = release.makeAsyncIterator()
                await iterator.next()
                return groups.map(\.key.id)
            }
            var iterator = claimed.makeAsyncIterator()
            await iterator.next()
            let second = try await store.transaction { try await $0.claimDueGroups(at: now, limit: 100) }.map(\.key.id)
            releaseSignal.yield()
            let firstIDs = try await first
            // Oldest wake-up first; the second skips what the first holds, without waiting.
            #expect(firstIDs == (0..<4).map { "due-\($0)" })
            #expect(second == (4..<10).map { "due-\($0)" })
        }
    }

    @Test func markServingMovesResumedAtOnlyAfterAnOutage() async throws {
        try await TestPostgres.withStore { store in
            let first = try #require(try await store.markServing(outage: .seconds(60), resuming: true, clockSkew: .zero))
            let wall = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
            #expect(abs(first.nanoseconds - wall) < 10_000_000_000)
            try await Task.sleep(for: .milliseconds(5))
            #expect(try await store.markServing(outage: .seconds(60), resuming: true, clockSkew: .zero) == first)
            try await Task.sleep(for: .milliseconds(5))
            // An instance that has served all along only records that it still does, however
            // long since the last record (a slow poller is no outage).
            #expect(try await store.markServing(outage: .zero, resuming: false, clockSkew: .zero) == first)
            try await Task.sleep(for: .milliseconds(5))
            let moved = try #require(try await store.markServing(outage: .zero, resuming: true, clockSkew: .zero))
            #expect(moved > first)

            let reading = try await store.transaction { try await $0.now(clockSkew: .seconds(3_600)) }
            #expect(reading.resumedAt == moved)
            #expect(reading.now - moved > .seconds(3_599))
            #expect(reading.now - moved < .seconds(3_610))
        }
    }

    @Test func principalsRoundTripAndEveryStoreSharesOneSigningKey() async throws {
        try await TestPostgres.withFreshDatabase { url in
            async let opening = [
                PostgresStore.open(url: url, logger: TestPostgres.logger),
                PostgresStore.open(url: url, logger: TestPostgres.logger),
            ]
            let stores = try await opening
            let (first, second) = (stores[0], stores[1])
            async let keyA = first.signingKey()
            async let keyB = second.signingKey()
            let (a, b) = try await (keyA, keyB)
            #expect(a.count == 32)
            #expect(a == b)
            #expect(try await first.signingKey() == a)

            let created = Date(timeIntervalSince1970: 1_800_000_000.5)
            let alice = PrincipalRecord(principal: Principal(kind: .user, id: "alice", tenant: "t1", role: .admin),
                                        secretHash: "$2b$04$hash", createdAt: created)
            let client = PrincipalRecord(principal: Principal(kind: .client, id: "alice", tenant: "t2", role: .member),
                                         secretHash: "$2b$04$other", createdAt: created)
            #expect(try await first.principal(.user, id: "alice") == nil)
            try await first.savePrincipal(alice)
            try await first.savePrincipal(client)
            #expect(try await second.principal(.user, id: "alice") == alice)
            #expect(try await second.principal(.client, id: "alice") == client)
            var replaced = alice
            replaced.principal.role = .reader
            replaced.secretHash = "$2b$04$new"
            try await second.savePrincipal(replaced)
            #expect(try await first.principals() == [client, replaced])
            #expect(try await first.deletePrincipal(.user, id: "alice"))
            #expect(try await !first.deletePrincipal(.user, id: "alice"))
            #expect(try await second.principals() == [client])
            await #expect(throws: PrincipalStoreError.self) {
                try await first.savePrincipal(PrincipalRecord(principal: .anonymous, secretHash: "x", createdAt: created))
            }
            for store in stores { await store.shutdown() }
        }
    }
}
