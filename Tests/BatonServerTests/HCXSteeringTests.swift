import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import Testing

extension HCX {
    static func pause(_ id: String) -> String { group(id) + "/pause" }
    static func resume(_ id: String) -> String { group(id) + "/resume" }
    static func roleOverride(_ id: String, _ appliance: String) -> String { group(id) + "/appliances/" + appliance + "/roleOverride" }
    static func events(_ id: String) -> String { group(id) + "/events" }
    static func stream(_ id: String) -> String { group(id) + "/events/stream" }
    static let tenantStream = appliances + "/ha/events/stream"
}

/// Baton's HCX extensions that steer HA groups as the Client Failover API steers its groups
/// (pause and resume, role overrides and drains, paged history) over HTTP, and their refusals.
@Suite struct HCXSteeringTests {
    @Test func aPausedHAGroupMakesNobodyActiveAfterALostLeaseUntilResumed() async throws {
        try await withBaton { client in
            try await client.activeStandbyPair(timeout: "00:00:02")
            let paused = try await client.hcx(.post, HCX.pause("g"), #"{"reason":"maintenance window"}"#)
            #expect(paused.status == .ok, "\(paused.text)")
            #expect(try paused.field("pause")?.string("reason") == "maintenance window")
            #expect(try paused.string("groupId") == "g")
            // a1 goes silent; a2 keeps heartbeating: with the group paused nobody takes the role.
            for _ in 0..<6 {
                await client.advance(by: .seconds(1))
                #expect(try await client.applianceRole("a2") == "STANDBY")
            }
            #expect(try await client.memberRoles("g") == ["a1": "STANDBY", "a2": "STANDBY"])
            #expect(try await client.haGroup("g")[caseInsensitive: "pause"]?.string("reason") == "maintenance window")
            let resumed = try await client.hcx(.post, HCX.resume("g"))
            #expect(resumed.status == .ok, "\(resumed.text)")
            #expect(try resumed.field("pause") == .null)
            #expect(try await client.applianceRole("a2") == "ACTIVE")
            // The history says so, in order, with sequences.
            let page = try await client.hcx(.get, HCX.events("g") + "?offset=0&pageSize=1000")
            #expect(page.status == .ok, "\(page.text)")
            let items = try page.field("items")?.arrayValue ?? []
            let codes = items.compactMap { $0.string("eventCode") }
            #expect(codes.contains("GroupPaused") && codes.contains("GroupResumed"), "\(codes)")
            let sequences = items.compactMap { $0[caseInsensitive: "sequence"]?.numberValue }
            #expect(sequences == (1...items.count).map(Double.init))
            #expect(try page.field("paging")?[caseInsensitive: "totalSize"] == .number(Double(items.count)))
            let last = try await client.hcx(.get, HCX.events("g") + "?offset=\(items.count - 1)&pageSize=1")
            #expect(try last.field("items")?.arrayValue?.first?.string("eventCode") == codes.last)
        }
    }

    @Test func anActiveOverrideMovesTheRoleAndADrainHandsItOver() async throws {
        try await withBaton { client in
            try await client.activeStandbyPair()
            // ACTIVE override on the STANDBY: a handover without overlap, as any other.
            let set = try await client.hcx(.post, HCX.roleOverride("g", "a2"), #"{"value":"active"}"#)
            #expect(set.status == .ok, "\(set.text)")
            #expect(try set.string("value") == "ACTIVE")
            #expect(try set.field("expirationTime") == .null)
            #expect(try await client.applianceRole("a1") == "STANDBY")
            #expect(try await client.applianceRole("a2") == "ACTIVE")
            let members = try await client.haGroup("g")[caseInsensitive: "groupMembers"]?.arrayValue ?? []
            let a2 = members.first { $0.string("applianceId") == "a2" }
            #expect(a2?.string("roleOverride") == "ACTIVE")
            #expect(a2?[caseInsensitive: "live"] == .bool(true))
            #expect(a2?[caseInsensitive: "score"] == .number(100))
            // Clear it, then drain the ACTIVE for a while: it hands over to the STANDBY.
            #expect(try await client.hcx(.post, HCX.roleOverride("g", "a2"), #"{"value":"OFF"}"#).status == .ok)
            let drained = try await client.hcx(.post, HCX.roleOverride("g", "a2"), #"{"value":"STANDBY","expirationPeriod":"00:10:00"}"#)
            #expect(drained.status == .ok, "\(drained.text)")
            #expect(try drained.string("expirationTime") != nil)
            #expect(try await client.applianceRole("a2") == "STANDBY")
            #expect(try await client.applianceRole("a1") == "ACTIVE")
            // A drained appliance is no failover target.
            try await client.forceFailover("g").expectHCXError(.conflict, code: "NoLiveStandby")
        }
    }

    @Test func badInputUnknownGroupsAndAppliancesAreRefusedInTheHCXWay() async throws {
        try await withBaton { client in
            try await client.hcx(.post, HCX.pause("nope")).expectHCXError(.notFound, code: "NotFound")
            try await client.hcx(.post, HCX.resume("nope")).expectHCXError(.notFound, code: "NotFound")
            try await client.hcx(.post, HCX.roleOverride("nope", "a1"), #"{"value":"OFF"}"#).expectHCXError(.notFound, code: "NotFound")
            try await client.hcx(.get, HCX.events("nope")).expectHCXError(.notFound, code: "NotFound")
            try await client.hcx(.get, HCX.stream("nope")).expectHCXError(.notFound, code: "NotFound")
            try await client.activeStandbyPair()
            try await client.hcx(.post, HCX.roleOverride("g", "zz"), #"{"value":"OFF"}"#).expectHCXError(.notFound, code: "NotFound")
            for body in [#"{}"#, #"{"value":"PRIMARY"}"#, #"{"value":1}"#, #"{"value":"ACTIVE","expirationPeriod":"soon"}"#,
                         #"{"value":"ACTIVE","expirationPeriod":"-00:01:00"}"#, #"{"value":"ACTIVE","expirationPeriod":"400.00:00:00"}"#,
                         "[1]", "not json", ""] {
                try await client.hcx(.post, HCX.roleOverride("g", "a1"), body).expectHCXError(.badRequest, code: "GroupActionBadRequest")
            }
            for body in [#"{"reason":5}"#, #"{"reason":"\#(String(repeating: "x", count: 1001))"}"#, "[]"] {
                try await client.hcx(.post, HCX.pause("g"), body).expectHCXError(.badRequest, code: "GroupActionBadRequest")
            }
            for query in ["?offset=-1", "?pageSize=1001", "?offset=x"] {
                try await client.hcx(.get, HCX.events("g") + query).expectHCXError(.badRequest, code: "GroupActionBadRequest")
            }
            for query in ["?after=-1", "?after=x"] {
                try await client.hcx(.get, HCX.stream("g") + query).expectHCXError(.badRequest, code: "GroupActionBadRequest")
            }
            // Nothing of it changed the group.
            #expect(try await client.haGroup("g")[caseInsensitive: "pause"] == .null)
            #expect(try await client.memberRoles("g") == ["a1": "ACTIVE", "a2": "STANDBY"])
        }
    }

    @Test func onlyAnOperatorOfTheTenantMaySteerAndOnlyItsTenantMayRead() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "t1")
        let others = try baton.addRoleUsers(tenant: "t2")
        try await baton.run(.live) { client in
            let port = try #require(client.client.port)
            try await client.registerAppliance("a1", as: users.admin)
            try await client.registerAppliance("a2", as: users.admin)
            try await client.createHAGroup("g", ["a1", "a2"], as: users.admin)
            #expect(try await client.applianceRole("a1", as: users.credentials(.member)) == "ACTIVE")

            // A reader may read but not steer: 403, no body.
            let reader = users.credentials(.reader)
            #expect(try await client.hcx(.get, HCX.events("g"), as: reader).status == .ok)
            for (path, body) in [(HCX.pause("g"), "{}"), (HCX.resume("g"), "{}"), (HCX.roleOverride("g", "a1"), #"{"value":"STANDBY"}"#)] {
                let refused = try await client.hcx(.post, path, body, as: reader)
                #expect(refused.status == .forbidden, "\(path): \(refused.status) \(refused.text)")
                #expect(refused.text.isEmpty)
            }
            // Another tenant's admin does not see the group at all.
            for (path, body) in [(HCX.pause("g"), "{}"), (HCX.resume("g"), "{}"), (HCX.roleOverride("g", "a1"), #"{"value":"STANDBY"}"#)] {
                try await client.hcx(.post, path, body, as: others.admin).expectHCXError(.notFound, code: "NotFound")
            }
            try await client.hcx(.get, HCX.events("g"), as: others.admin).expectHCXError(.notFound, code: "NotFound")
            func open(_ path: String, as role: AccessRole, of users: RoleUsers) throws -> EventStreamClient {
                try EventStreamClient(port: port, path: path, headers: [
                    "Authorization": Credentials.basicValue(users.name(role), users.password(role)),
                ])
            }
            let foreign = try open(HCX.stream("g"), as: .admin, of: others)
            try await foreign.waitForHead()
            #expect(foreign.status == 404)
            let anonymous = try EventStreamClient(port: port, path: HCX.stream("g"))
            try await anonymous.waitForHead()
            #expect(anonymous.status == 401)
            // The other tenant's stream of all HA groups is empty and stays so.
            let otherTenant = try open(HCX.tenantStream, as: .reader, of: others)
            let empty = try #require(try await otherTenant.next())
            #expect(empty.name == "snapshot")
            #expect(try JSONValue.parse(empty.data)[caseInsensitive: "items"] == .array([]))

            // An operator may; the principal is in the history.
            let operatorCredentials = users.credentials(.operator)
            #expect(try await client.hcx(.post, HCX.pause("g"), #"{"reason":"r"}"#, as: operatorCredentials).status == .ok)
            let page = try await client.hcx(.get, HCX.events("g"), as: reader)
            let paused = try page.field("items")?.arrayValue?.last
            #expect(paused?.string("eventCode") == "GroupPaused")
            #expect(paused?.string("principal") == "user:\(users.name(.operator))")
            #expect(try await otherTenant.next(within: .milliseconds(300)) == nil)
        }
    }
}

/// An HA group's history pushed over real HTTP (Server-Sent Events), as a Client Failover
/// group's: resumed without a gap or a duplicate, and every HA group of the tenant on one stream.
@Suite struct HCXEventStreamTests {
    @Test func aGroupsHistoryArrivesAsItIsCommittedAndResumesWithoutGapOrDuplicate() async throws {
        try await withBaton(.live) { client in
            let port = try #require(client.client.port)
            try await client.registerAppliance("a1")
            try await client.registerAppliance("a2")
            try await client.createHAGroup("g", ["a1", "a2"])
            let stream = try EventStreamClient(port: port, path: HCX.stream("g") + "?after=0")
            try await stream.waitForHead()
            #expect(stream.status == 200)
            #expect(stream.headers["content-type"]?.hasPrefix("text/event-stream") == true)
            let opening = try await stream.events(3)
            #expect(opening.map(\.name) == ["GroupCreated", "SessionRegistered", "SessionRegistered"])
            #expect(opening.map(\.id) == ["1", "2", "3"])

            #expect(try await client.applianceRole("a1") == "ACTIVE")
            let promoted = try await stream.events(1)
            #expect(promoted.map(\.name) == ["PrimaryChanged"])
            let data = try JSONValue.parse(promoted[0].data)
            #expect(data.string("haGroupId") == "g")
            #expect(data.string("haGroupName") == "Group g")
            #expect(data[caseInsensitive: "sequence"] == .number(4))
            #expect(data[caseInsensitive: "epoch"] == .number(1))
            #expect(data[caseInsensitive: "applianceRoles"]?[caseInsensitive: "active"] == .array([.string("a1")]))

            // Missed while away: exactly what came after the last id seen.
            #expect(try await client.applianceRole("a2") == "STANDBY")
            #expect(try await client.forceFailover("g").status == .accepted)
            let resumed = try EventStreamClient(port: port, path: HCX.stream("g"), headers: ["Last-Event-ID": "4"])
            let missed = try await resumed.events(3)
            #expect(missed.map(\.id) == ["5", "6", "7"])
            #expect(missed.map(\.name) == ["FailoverQueued", "FailoverStarted", "HandoverStarted"])
            #expect(try await resumed.next(within: .milliseconds(300)) == nil)
            // Without a starting point the stream begins with what happens next.
            let fromNow = try EventStreamClient(port: port, path: HCX.stream("g"))
            try await fromNow.waitForHead()
            #expect(try await client.applianceRole("a1") == "STANDBY")
            let handedOver = try await fromNow.events(2)
            #expect(handedOver.map(\.name) == ["PrimaryChanged", "FailoverSucceeded"])
            #expect(try JSONValue.parse(handedOver[0].data)[caseInsensitive: "epoch"] == .number(2))
            #expect(try await resumed.events(2).map(\.id) == handedOver.map(\.id))
        }
    }

    @Test func theTenantStreamOpensWithASnapshotThenCarriesEveryGroupIncludingNewOnes() async throws {
        try await withBaton(.live) { client in
            let port = try #require(client.client.port)
            try await client.activeStandbyPair()
            let stream = try EventStreamClient(port: port, path: HCX.tenantStream)
            let snapshot = try #require(try await stream.next())
            #expect(snapshot.name == "snapshot")
            let items = try JSONValue.parse(snapshot.data)[caseInsensitive: "items"]?.arrayValue ?? []
            #expect(items.count == 1)
            #expect(items.first?.string("groupId") == "g")
            #expect(items.first?[caseInsensitive: "lastSequence"] == .number(4))
            #expect(items.first?[caseInsensitive: "epoch"] == .number(1))
            let roles = (items.first?[caseInsensitive: "groupMembers"]?.arrayValue ?? []).map { $0.string("role") }
            #expect(roles == ["ACTIVE", "STANDBY"])

            try await client.registerAppliance("a3")
            try await client.createHAGroup("h", ["a3"])
            #expect(try await client.hcx(.post, HCX.pause("g")).status == .ok)
            let next = try await stream.events(3)
            #expect(next.map(\.id) == ["h:1", "h:2", "g:5"])
            #expect(next.map(\.name) == ["GroupCreated", "SessionRegistered", "GroupPaused"])
            #expect(try JSONValue.parse(next[0].data).string("haGroupName") == "Group h")
            #expect(try JSONValue.parse(next[2].data).string("haGroupName") == "Group g")
        }
    }
}
