import BatonCore
import Foundation
import HTTPTypes
import Testing

/// Delete and create again under live members, on both stores and both APIs (issue: no split
/// brain and no epoch reuse through delete and re-create).
@Suite struct DeletionConformanceTests {
    let prefix = APIPrefix.cloud

    @Test(arguments: StoreKind.available)
    func aGroupCreatedAgainWaitsForTheDeletedPrimarysLeaseAndGoesOnFromItsEpoch(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix)  // a Primary (epoch 1), lease to 10 s
            #expect(try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":1}"#).status == .ok)
            #expect(try await client.role(prefix, "g", "a") == 0)
            #expect(try await client.role(prefix, "g", "b") == 1)  // epoch 2
            #expect(try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":1}"#).status == .ok)
            #expect(try await client.role(prefix, "g", "b") == 0)
            #expect(try await client.role(prefix, "g", "a") == 1)  // epoch 3, a's lease to 10 s
            await client.advance(by: .seconds(1))
            #expect(try await client.send(.delete, prefix.session("g", "b")).status == .noContent)
            #expect(try await client.send(.delete, prefix.session("g", "a")).status == .noContent)
            #expect(try await client.send(.delete, prefix.group("g")).status == .noContent)
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "c")
            let first = try await client.heartbeat(prefix, "g", "c")
            #expect(try first.number("Role") == 2, "c must not be Primary while a may still act: \(first.text)")
            #expect(try first.number("Epoch") == 3)
            await client.advance(by: .seconds(8))
            #expect(try await client.role(prefix, "g", "c") == 2)
            await client.advance(by: .seconds(2))  // a's lease is over
            let promoted = try await client.heartbeat(prefix, "g", "c")
            #expect(try promoted.number("Role") == 1)
            #expect(try promoted.number("Epoch") == 4)
            let events = try await client.events(prefix, "g")
            #expect(events.first?.string("Type") == "GroupCreated")
            #expect(events.first?.string("Detail")?.contains("epoch goes on from 3") == true)
        }
    }

    @Test(arguments: StoreKind.available)
    func deletingAGroupCancelsItsQueuedTaskWhichCannotTouchTheNextGroup(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(prefix, preemption: 1)
            let month = OverflowInputTests.wire(store.now.addingTimeInterval(30 * 86_400))
            let queued = try await client.requestFailover(prefix, "g", #"{"ScheduledTime":"\#(month)"}"#)
            let old = try #require(try queued.string("Id"))
            #expect(try await client.send(.delete, prefix.session("g", "b")).status == .noContent)
            await client.advance(by: .seconds(11))
            #expect(try await client.send(.delete, prefix.session("g", "a")).status == .noContent)
            #expect(try await client.send(.delete, prefix.group("g")).status == .noContent)
            let ended = try await client.task(prefix, old)
            #expect(try ended.string("Status") == "CANCELED")
            #expect(try ended.string("Message")?.contains("deleted") == true)

            try await client.groupWithPrimaryAndSecondary(prefix, preemption: 1)
            let running = try #require(try await client.requestFailover(prefix, "g").string("Id"))
            try await client.send(.delete, prefix.task(old)).expectConflict("TaskNotCancelable")
            try await client.send(.post, prefix.failover("g"), "{}").expectConflict("FailoverInProgress")
            #expect(try await client.role(prefix, "g", "a") == 0)
            #expect(try await client.task(prefix, running).string("Status") == "SUCCESS")
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", pending: nil, epoch: 3))
        }
    }

    @Test(arguments: StoreKind.available)
    func anHAGroupCreatedAgainMakesNobodyActiveWhileTheOldActiveMayStillAct(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.registerAppliance("ne-1")
            try await client.registerAppliance("ne-2")
            try await client.createHAGroup("ha-1", ["ne-1", "ne-2"], timeout: "00:00:30")
            #expect(try await client.applianceRole("ne-1") == "ACTIVE")
            #expect(try await client.applianceRole("ne-2") == "STANDBY")
            #expect(try await client.forceFailover("ha-1").status == .accepted)
            #expect(try await client.applianceRole("ne-1") == "STANDBY")
            let active = try await client.hcx(.post, HCX.heartbeat("ne-2"), #"{"score":100}"#)
            #expect(try active.string("role") == "ACTIVE")
            #expect(try active.number("epoch") == 2)  // ne-2's lease runs to 30 s

            await client.advance(by: .seconds(1))
            #expect(try await client.hcx(.delete, HCX.group("ha-1")).status == .accepted)
            try await client.createHAGroup("ha-1", ["ne-1", "ne-2"], timeout: "00:00:30")
            #expect(try await client.applianceRole("ne-1") != "ACTIVE", "ne-2 may still act as ACTIVE")
            await client.advance(by: .seconds(28))
            #expect(try await client.applianceRole("ne-1") != "ACTIVE")
            await client.advance(by: .seconds(2))
            let promoted = try await client.hcx(.post, HCX.heartbeat("ne-1"), #"{"score":100}"#)
            #expect(try promoted.string("role") == "ACTIVE")
            #expect(try promoted.number("epoch") == 3)
        }
    }

    @Test(arguments: StoreKind.available)
    func theTombstoneSurvivesARestartOnTheSameStore(store: StoreKind) async throws {
        let baton = try await store.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            try await client.groupWithPrimaryAndSecondary(prefix)  // a Primary, epoch 1
            #expect(try await client.send(.delete, prefix.session("g", "b")).status == .noContent)
            #expect(try await client.send(.delete, prefix.session("g", "a")).status == .noContent)
            #expect(try await client.send(.delete, prefix.group("g")).status == .noContent)
        }
        try await baton.run { (client: TestBaton.Client) async throws -> Void in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "c")
            let answer = try await client.heartbeat(prefix, "g", "c")
            #expect(try answer.number("Role") == 2, "a's lease may still run after the restart: \(answer.text)")
            #expect(try answer.number("Epoch") == 1)
            await client.advance(by: .seconds(11))
            let promoted = try await client.heartbeat(prefix, "g", "c")
            #expect(try promoted.number("Role") == 1)
            #expect(try promoted.number("Epoch") == 2)
        }
    }
}
