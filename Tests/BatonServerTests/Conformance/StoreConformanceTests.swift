import BatonCore
import Foundation
import HTTPTypes
import Testing

/// The same behaviour on both stores: each test runs once on the embedded SQLite store and
/// once on PostgreSQL (a fresh database on the server `scripts/test.sh` starts), through the
/// whole HTTP application with a TestClock. On PostgreSQL time is the database clock moved
/// by the TestClock's advance, so no test here reads exact wall times.
@Suite struct StoreConformanceTests {
    let prefix = APIPrefix.cloud

    @Test(arguments: StoreKind.available)
    func groupsAreCreatedReadChangedListedAndDeleted(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.createGroup(prefix, "g1")
            let again = try await client.send(.post, prefix.groups, #"{"Id":"g1","FailoverTimeout":"00:00:10"}"#)
            #expect(again.status == .ok)
            let different = try await client.send(.post, prefix.groups, #"{"Id":"g1","FailoverTimeout":"00:00:20"}"#)
            try different.expectRefusal(.conflict)
            try await client.createGroup(prefix, "g2", timeout: "00:00:05")
            let list = try await client.send(.get, prefix.groups)
            #expect(list.totalCount == "2")
            #expect(try list.ids() == ["g1", "g2"])
            let put = try await client.send(.put, prefix.group("g2"), #"{"Id":"g2","FailoverTimeout":"00:00:07","Name":"two"}"#)
            #expect(put.status == .ok)
            let read = try await client.send(.get, prefix.group("g2"))
            #expect(try read.string("FailoverTimeout") == "00:00:07")
            #expect(try read.string("Name") == "two")
            #expect(try await client.send(.delete, prefix.group("g2")).status == .noContent)
            try await client.send(.get, prefix.group("g2")).expectRefusal(.notFound)
            #expect(try await client.send(.get, prefix.groups).totalCount == "1")
        }
    }

    @Test(arguments: StoreKind.available)
    func sessionsAreRegisteredListedAndRemovedAndKeepTheirGroup(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "a", name: "Adapter A")
            try await client.register(prefix, "g", "b")
            let again = try await client.send(.post, prefix.sessions("g"), #"{"Id":"a","Name":"Adapter A"}"#)
            #expect(again.status == .ok)
            let list = try await client.send(.get, prefix.sessions("g"))
            #expect(try list.ids() == ["a", "b"])
            #expect(try await client.session(prefix, "g", "a").string("Name") == "Adapter A")
            try await client.send(.delete, prefix.group("g")).expectRefusal(.conflict)
            #expect(try await client.send(.delete, prefix.session("g", "b")).status == .noContent)
            try await client.send(.get, prefix.session("g", "b")).expectRefusal(.notFound)
            try await client.send(.post, prefix.heartbeat("g", "nobody"), #"{"FailoverScore":100}"#).expectRefusal(.notFound)
        }
    }

    @Test(arguments: StoreKind.available)
    func theFirstHeartbeatElectsAPrimaryAndOthersAreSecondaries(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let status = try await client.status(prefix, "g")
            #expect(status.roles == StatusReading(primary: "a", pending: nil, epoch: 1))
            let answer = try await client.heartbeat(prefix, "g", "a")
            #expect(try answer.number("Epoch") == 1)
            #expect(try answer.string("FailoverTimeout") == "00:00:10")
        }
    }

    @Test(arguments: StoreKind.available)
    func aSilentPrimaryIsReplacedWhenItsLeaseExpiresAndNotBefore(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            await client.advance(by: .seconds(6))
            #expect(try await client.role(prefix, "g", "b") == 0)
            await client.advance(by: .seconds(3))
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: nil, epoch: 1))
            await client.advance(by: .seconds(2))
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", pending: nil, epoch: 2))
            let promotion = try await client.events(prefix, "g").last
            #expect(promotion?.string("Type") == "PrimaryChanged")
            #expect(promotion?.string("From") == "a")
            #expect(promotion?.string("To") == "b")
            #expect(promotion?.string("Reason") == "lease-expired")
            // The old Primary is told it is a Secondary, with the new epoch.
            let back = try await client.heartbeat(prefix, "g", "a")
            #expect(try back.number("Role") == 0)
            #expect(try back.number("Epoch") == 2)
        }
    }

    @Test(arguments: StoreKind.available)
    func anOverrideHandsTheRoleOverThroughPendingPrimary(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let override = try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":1}"#)
            #expect(override.status == .ok, "\(override.text)")
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: "b", epoch: 1))
            #expect(try await client.role(prefix, "g", "b") == 2)
            // a's next heartbeat is its demotion notice; b becomes Primary in the same step.
            #expect(try await client.role(prefix, "g", "a") == 0)
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", pending: nil, epoch: 2))
            #expect(try await client.role(prefix, "g", "b") == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func aBetterScoreTakesOverOnlyAfterOneWholeTimeout(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            #expect(try await client.role(prefix, "g", "a", score: 50) == 1)
            #expect(try await client.role(prefix, "g", "b", score: 90) == 0)
            await client.advance(by: .seconds(5))
            #expect(try await client.role(prefix, "g", "a", score: 50) == 1)
            #expect(try await client.role(prefix, "g", "b", score: 90) == 0)
            await client.advance(by: .seconds(5))
            #expect(try await client.role(prefix, "g", "b", score: 90) == 2)
            #expect(try await client.role(prefix, "g", "a", score: 50) == 0)
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", pending: nil, epoch: 2))
        }
    }

    @Test(arguments: StoreKind.available)
    func aFailoverTaskMovesTheRoleAndSucceedsOnce(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix, preemption: 1)
            let accepted = try await client.requestFailover(prefix, "g", #"{"Reason":"maintenance"}"#)
            let id = try #require(try accepted.string("Id"))
            #expect(try await client.role(prefix, "g", "b") == 2)
            #expect(try await client.role(prefix, "g", "a") == 0)
            let done = try await client.task(prefix, id)
            #expect(try done.string("Status") == "SUCCESS")
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", pending: nil, epoch: 2))
            // A second request has nobody to move the role to once a is silent.
            await client.advance(by: .seconds(11))
            _ = try await client.role(prefix, "g", "b")
            let refused = try await client.send(.post, prefix.failover("g"), "{}")
            try refused.expectConflict("NoLiveStandby")
        }
    }

    @Test(arguments: StoreKind.available)
    func aQueuedTaskCanBeCancelledAndARunningOneFailsWhenItsTargetDies(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix, preemption: 1)
            let month = OverflowInputTests.wire(store.now.addingTimeInterval(30 * 86_400))
            let later = try await client.requestFailover(prefix, "g", #"{"ScheduledTime":"\#(month)"}"#)
            let queued = try #require(try later.string("Id"))
            let cancelled = try await client.send(.delete, prefix.task(queued))
            #expect(cancelled.status == .ok)
            #expect(try cancelled.string("Status") == "CANCELED")

            // b's lease runs to 10 s, a's to 14 s: b dies while it is still pending.
            await client.advance(by: .seconds(4))
            _ = try await client.role(prefix, "g", "a")
            let now = try await client.requestFailover(prefix, "g")
            let running = try #require(try now.string("Id"))
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: "b", epoch: 1))
            await client.advance(by: .seconds(7))
            let failed = try await client.task(prefix, running)
            #expect(try failed.string("Status") == "FAILED")
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: nil, epoch: 1))
        }
    }

    @Test(arguments: StoreKind.available)
    func badInputIsRefusedWithTheErrorBodyAndChangesNothing(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            try await client.send(.post, prefix.groups, #"{"Id":"x","FailoverTimeout":"forever"}"#).expectRefusal(.badRequest)
            try await client.send(.post, prefix.groups, ##"{"Id":"#1","FailoverTimeout":"00:00:10"}"##).expectRefusal(.badRequest)
            try await client.send(.post, prefix.heartbeat("g", "a"), #"{"FailoverScore":101}"#).expectRefusal(.badRequest)
            try await client.send(.post, prefix.heartbeat("g", "a"), #"{"FailoverScore":"#).expectRefusal(.badRequest)
            try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":7}"#).expectRefusal(.badRequest)
            #expect(try await client.send(.get, prefix.groups).totalCount == "1")
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: nil, epoch: 1))
        }
    }

    @Test(arguments: StoreKind.available)
    func everythingSurvivesARestartOnTheSameStore(store: StoreKind) async throws {
        let baton = try await store.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            _ = try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":0}"#)
        }
        try await baton.run { (client: TestBaton.Client) async throws -> Void in
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: nil, epoch: 1))
            #expect(try await client.send(.get, prefix.sessions("g")).ids() == ["a", "b"])
            #expect(try await client.session(prefix, "g", "b").number("RoleOverride") == 0)
            #expect(try await client.events(prefix, "g").contains { $0.string("Type") == "PrimaryChanged" })
            #expect(try await client.role(prefix, "g", "a") == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func haGroupsElectFailOverAndKeepTheirTasks(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.registerAppliance("ne-1")
            try await client.registerAppliance("ne-2")
            let created = try #require(try await client.createHAGroup("ha-1", ["ne-1", "ne-2"]))
            #expect(try await client.hcx(.get, HCX.task(created)).field("status")?.stringValue == "SUCCESS")
            #expect(try await client.applianceRole("ne-1") == "ACTIVE")
            #expect(try await client.applianceRole("ne-2") == "STANDBY")
            let failover = try await client.hcx(.post, HCX.forceFailover("ha-1"))
            #expect(failover.status == .accepted, "\(failover.text)")
            let task = try #require(try failover.field("data")?.string("interconnectTaskId"))
            #expect(try await client.applianceRole("ne-1") == "STANDBY")
            #expect(try await client.applianceRole("ne-2") == "ACTIVE")
            #expect(try await client.hcx(.get, HCX.task(task)).field("status")?.stringValue == "SUCCESS")
            #expect(try await client.groupState("ha-1") == "HEALTHY")
            let tasks = try await client.hcx(.get, HCX.tasks)
            #expect(try tasks.field("paging")?.number("totalSize") == 2)
        }
    }
}
