import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import Testing

/// The paths of the HCX HA groups API.
enum HCX {
    static let base = "/hybridity/api/interconnect"
    static let appliances = base + "/appliances"
    static func appliance(_ id: String) -> String { appliances + "/" + id }
    static func heartbeat(_ id: String) -> String { appliance(id) + "/heartbeat" }
    static let groups = appliances + "/ha/groups"
    static func group(_ id: String) -> String { groups + "/" + id }
    static func forceFailover(_ id: String) -> String { group(id) + "/forceFailover" }
    static func timeline(_ mesh: String) -> String { groups + "/events/" + mesh }
    static let tasks = base + "/tasks"
    static func task(_ id: String) -> String { tasks + "/" + id }
}

extension TestBaton.Client {
    /// Sends with credentials, or without any when `credentials` is nil.
    func hcx(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as credentials: Credentials? = nil)
        async throws -> TestBaton.Reply {
        if let credentials { return try await send(method, uri, body, as: credentials) }
        return try await send(method, uri, body)
    }

    func registerAppliance(_ id: String, mesh: String = "mesh-1", as credentials: Credentials? = nil,
                           sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await hcx(.post, HCX.appliances,
                                  #"{"applianceId":"\#(id)","applianceName":"NE \#(id)","applianceType":"HCX-NET-EXT","peerApplianceId":"\#(id)-peer","peerApplianceName":"NE \#(id) peer","serviceMeshId":"\#(mesh)"}"#,
                                  as: credentials)
        #expect(reply.status == .created, "\(reply.text)", sourceLocation: sourceLocation)
    }

    /// The role the appliance is answered, after one heartbeat.
    func applianceRole(_ id: String, score: Double = 100, as credentials: Credentials? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> String? {
        let reply = try await hcx(.post, HCX.heartbeat(id), #"{"score":\#(score)}"#, as: credentials)
        #expect(reply.status == .ok, "\(reply.text)", sourceLocation: sourceLocation)
        return try reply.string("role")
    }

    /// Creates an HA group and expects 202 and a SUCCESS task. Returns the task id.
    @discardableResult
    func createHAGroup(_ id: String, _ appliances: [String], timeout: String = "00:00:10", policy: String = "NONE",
                       as credentials: Credentials? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String? {
        let list = appliances.map { "\"\($0)\"" }.joined(separator: ",")
        let reply = try await hcx(.post, HCX.groups,
                                  #"{"groupId":"\#(id)","name":"Group \#(id)","appliances":[\#(list)],"policyInfo":{"policy":"\#(policy)"},"serviceMeshId":"mesh-1","failoverTimeout":"\#(timeout)"}"#,
                                  as: credentials)
        #expect(reply.status == .accepted, "\(reply.text)", sourceLocation: sourceLocation)
        let data = try reply.field("data")
        #expect(data?.string("groupId") == id, sourceLocation: sourceLocation)
        return data?.string("interconnectTaskId")
    }

    func haGroup(_ id: String, as credentials: Credentials? = nil) async throws -> JSONValue {
        let reply = try await hcx(.get, HCX.group(id), as: credentials)
        #expect(reply.status == .ok, "\(reply.text)")
        return try reply.json
    }

    func groupState(_ id: String) async throws -> String? {
        try await haGroup(id)[caseInsensitive: "status"]?.string("groupState")
    }

    /// applianceId → role, from the group's members.
    func memberRoles(_ id: String) async throws -> [String: String] {
        let members = try await haGroup(id)[caseInsensitive: "groupMembers"]?.arrayValue ?? []
        var roles: [String: String] = [:]
        for member in members { roles[member.string("applianceId") ?? "?"] = member.string("role") }
        return roles
    }

    /// Force-fails over and returns the reply.
    func forceFailover(_ id: String, as credentials: Credentials? = nil) async throws -> TestBaton.Reply {
        try await hcx(.post, HCX.forceFailover(id), as: credentials)
    }

    func hcxTask(_ id: String, as credentials: Credentials? = nil) async throws -> JSONValue {
        let reply = try await hcx(.get, HCX.task(id), as: credentials)
        #expect(reply.status == .ok, "\(reply.text)")
        return try reply.json
    }

    /// Two registered appliances in group `g`, `a1` ACTIVE and `a2` STANDBY (both heartbeated).
    func activeStandbyPair(timeout: String = "00:00:10") async throws {
        try await registerAppliance("a1")
        try await registerAppliance("a2")
        try await createHAGroup("g", ["a1", "a2"], timeout: timeout)
        #expect(try await applianceRole("a1") == "ACTIVE")
        #expect(try await applianceRole("a2") == "STANDBY")
    }
}

extension TestBaton.Reply {
    /// An HCX error body `{"errors":[{"code","message"}]}` with this status; returns the code.
    @discardableResult
    func expectHCXError(_ expected: HTTPResponse.Status, code: String? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        #expect(status == expected, "body: \(text)", sourceLocation: sourceLocation)
        let errors = try field("errors")?.arrayValue ?? []
        #expect(errors.count == 1, "body: \(text)", sourceLocation: sourceLocation)
        let found = errors.first?.string("code")
        let message = errors.first?.string("message") ?? ""
        #expect(message.count > 0, "no message: \(text)", sourceLocation: sourceLocation)
        if let code { #expect(found == code, "body: \(text)", sourceLocation: sourceLocation) }
        return found
    }
}

@Suite struct HCXHAGroupTests {
    @Test func appliancesRegisterIdempotentlyAndConflict() async throws {
        try await withBaton { client in
            try await client.registerAppliance("a1")
            let again = try await client.hcx(.post, HCX.appliances,
                                             #"{"APPLIANCEID":"a1","applianceName":"NE a1","applianceType":"HCX-NET-EXT","peerApplianceId":"a1-peer","peerApplianceName":"NE a1 peer","serviceMeshId":"mesh-1"}"#)
            #expect(again.status == .ok)
            #expect(try again.isNull("haGroupId"))
            let other = try await client.hcx(.post, HCX.appliances, #"{"applianceId":"a1","applianceName":"other"}"#)
            try other.expectHCXError(.conflict)
            let list = try await client.hcx(.get, HCX.appliances)
            #expect(try list.field("items")?.arrayValue?.count == 1)
            let one = try await client.hcx(.get, HCX.appliance("a1"))
            #expect(try one.string("peerApplianceName") == "NE a1 peer")
            try await client.hcx(.get, HCX.appliance("nope")).expectHCXError(.notFound, code: "NotFound")
            // Alone, an appliance is UNDECIDED with no group and no epoch.
            let beat = try await client.hcx(.post, HCX.heartbeat("a1"), #"{"score":90}"#)
            #expect(try beat.string("role") == "UNDECIDED")
            #expect(try beat.isNull("haGroupId"))
            #expect(try beat.isNull("epoch"))
            try await client.hcx(.post, HCX.heartbeat("a1"), #"{"score":"x"}"#).expectHCXError(.badRequest, code: "BadRequest")
            try await client.hcx(.post, HCX.appliances, "{not json").expectHCXError(.badRequest)
            #expect(try await client.hcx(.delete, HCX.appliance("a1")).status == .noContent)
            try await client.hcx(.get, HCX.appliance("a1")).expectHCXError(.notFound)
        }
    }

    /// A group lives in its appliances' service mesh: created without `serviceMeshId` it is
    /// listed under, and its history shown in the timeline of, the appliances' mesh.
    @Test func aGroupLivesInItsAppliancesServiceMesh() async throws {
        try await withBaton { client in
            try await client.registerAppliance("a1", mesh: "mesh-1")
            try await client.registerAppliance("a2", mesh: "mesh-1")
            try await client.registerAppliance("b1", mesh: "mesh-2")
            let created = try await client.hcx(.post, HCX.groups, #"{"groupId":"g","appliances":["a1","a2"]}"#)
            #expect(created.status == .accepted, "\(created.text)")
            #expect(try await client.haGroup("g").string("serviceMeshId") == "mesh-1")
            let listed = try await client.hcx(.get, HCX.groups + "?serviceMeshId=mesh-1")
            #expect(try listed.field("items")?.arrayValue?.compactMap { $0.string("groupId") } == ["g"])
            let other = try await client.hcx(.get, HCX.groups + "?serviceMeshId=mesh-2")
            #expect(try other.field("items")?.arrayValue?.isEmpty == true)
            let timeline = try await client.hcx(.get, HCX.timeline("mesh-1"))
            #expect(try timeline.field("items")?.arrayValue?.first?.string("eventCode") == "GroupCreated", "\(timeline.text)")

            // Appliances of two meshes cannot form one group; a serviceMeshId that is not the
            // appliances' is refused; nothing is created by either.
            try await client.registerAppliance("a3", mesh: "mesh-1")
            try await client.hcx(.post, HCX.groups, #"{"groupId":"h","appliances":["b1","a3"]}"#)
                .expectHCXError(.conflict, code: "ServiceMeshMismatch")
            try await client.hcx(.post, HCX.groups, #"{"groupId":"h","appliances":["b1"],"serviceMeshId":"mesh-1"}"#)
                .expectHCXError(.conflict, code: "ServiceMeshMismatch")
            try await client.hcx(.get, HCX.group("h")).expectHCXError(.notFound, code: "NotFound")
            // The same mesh named in the body is fine.
            let same = try await client.hcx(.post, HCX.groups, #"{"groupId":"h","appliances":["b1"],"serviceMeshId":"mesh-2"}"#)
            #expect(same.status == .accepted, "\(same.text)")
            #expect(try await client.haGroup("h").string("serviceMeshId") == "mesh-2")
        }
    }

    @Test func aPairFailsOverByForceAndDoesNotFailBack() async throws {
        try await withBaton { client in
            try await client.registerAppliance("a1")
            try await client.registerAppliance("a2")
            let created = try #require(try await client.createHAGroup("g", ["a1", "a2"]))
            let createTask = try await client.hcxTask(created)
            #expect(createTask.string("status") == "SUCCESS")
            #expect(createTask.string("type") == "CREATE_HA_GROUP")
            #expect(createTask[caseInsensitive: "entityDetails"]?.string("type") == "HA_GROUP")

            #expect(try await client.applianceRole("a1") == "ACTIVE")
            #expect(try await client.applianceRole("a2") == "STANDBY")
            #expect(try await client.groupState("g") == "HEALTHY")
            let group = try await client.haGroup("g")
            #expect(group.string("serviceMeshId") == "mesh-1")
            #expect(group.string("groupType") == "NETWORK_EXTENSION")
            #expect(group[caseInsensitive: "policyInfo"]?.string("policy") == "NONE")
            #expect(group[caseInsensitive: "status"]?.string("availabilityState") == "AVAILABLE")
            #expect(group.number("epoch") == 1)
            #expect(try await client.memberRoles("g") == ["a1": "ACTIVE", "a2": "STANDBY"])
            let appliance = try await client.hcx(.get, HCX.appliance("a1"))
            #expect(try appliance.string("haGroupId") == "g")

            await client.advance(by: .seconds(2))
            let accepted = try await client.forceFailover("g")
            #expect(accepted.status == .accepted, "\(accepted.text)")
            let data = try accepted.field("data")
            #expect(data?.string("groupId") == "g")
            #expect(try accepted.field("warnings")?.arrayValue?.isEmpty == true)
            #expect(try accepted.field("errors")?.arrayValue?.isEmpty == true)
            let taskID = try #require(data?.string("interconnectTaskId"))
            let running = try await client.hcxTask(taskID)
            #expect(running.string("status") == "RUNNING")
            #expect(running.string("type") == "FORCE_FAILOVER")
            #expect(running.string("targetApplianceId") == "a2")
            #expect(try await client.groupState("g") == "FAILOVER_IN_PROGRESS")
            // The target waits while the ACTIVE has not been told.
            #expect(try await client.applianceRole("a2") == "UNDECIDED")

            // The ACTIVE's next heartbeat is its demotion: answered STANDBY.
            #expect(try await client.applianceRole("a1") == "STANDBY")
            let done = try await client.hcxTask(taskID)
            #expect(done.string("status") == "SUCCESS", "\(done)")
            #expect(done.number("progress") == 100)
            #expect(done.number("epoch") == 2)
            #expect(done.string("endTime") != nil)
            #expect(try await client.applianceRole("a2") == "ACTIVE")
            #expect(try await client.memberRoles("g") == ["a1": "STANDBY", "a2": "ACTIVE"])
            #expect(try await client.haGroup("g").number("epoch") == 2)
            #expect(try await client.groupState("g") == "HEALTHY")

            // No failback: the old ACTIVE heartbeats at a higher score for several timeouts.
            for _ in 0..<12 {
                await client.advance(by: .seconds(3))
                #expect(try await client.applianceRole("a1", score: 100) == "STANDBY")
                #expect(try await client.applianceRole("a2", score: 40) == "ACTIVE")
            }
            #expect(try await client.haGroup("g").number("epoch") == 2)

            // The timeline of the service mesh shows the failover.
            let timeline = try await client.hcx(.get, HCX.timeline("mesh-1"))
            #expect(timeline.status == .ok, "\(timeline.text)")
            let items = try timeline.field("items")?.arrayValue ?? []
            let codes = items.compactMap { $0.string("eventCode") }
            #expect(codes.contains("FailoverSucceeded"))
            let change = try #require(items.last { $0.string("eventCode") == "PrimaryChanged" })
            #expect(change.string("haGroupId") == "g")
            #expect(change.string("haGroupName") == "Group g")
            #expect(change.number("epoch") == 2)
            let roles = change[caseInsensitive: "applianceRoles"]
            #expect(roles?[caseInsensitive: "active"] == .array([.string("a2")]))
            #expect(roles?[caseInsensitive: "standby"] == .array([.string("a1")]))
            #expect(change.string("timestamp")?.hasSuffix("Z") == true)

            // Filters: another mesh, another group, a time range before everything.
            let otherMesh = try await client.hcx(.get, HCX.timeline("mesh-2"))
            #expect(try otherMesh.field("items")?.arrayValue?.isEmpty == true)
            let otherGroup = try await client.hcx(.get, HCX.timeline("mesh-1") + "?haGroupIDs=x,y")
            #expect(try otherGroup.field("items")?.arrayValue?.isEmpty == true)
            let early = try await client.hcx(.get, HCX.timeline("mesh-1") + "?startTime=0&endTime=1000")
            #expect(try early.field("items")?.arrayValue?.isEmpty == true)
            let window = try await client.hcx(
                .get, HCX.timeline("mesh-1") + "?startTime=2027-01-15T08:00:01Z&endTime=2027-01-15T08:00:03Z&haGroupIDs=g")
            let windowCodes = try window.field("items")?.arrayValue?.compactMap { $0.string("eventCode") } ?? []
            #expect(windowCodes.contains("FailoverSucceeded"))
            #expect(!windowCodes.contains("GroupCreated"))
            try await client.hcx(.get, HCX.timeline("mesh-1") + "?startTime=yesterday")
                .expectHCXError(.badRequest, code: "GroupActionBadRequest")
            // A start after the end is an empty window, answered with no events.
            let reversed = try await client.hcx(.get, HCX.timeline("mesh-1") + "?startTime=2027-01-15T08:00:03Z&endTime=2027-01-15T08:00:01Z")
            #expect(reversed.status == .ok, "\(reversed.text)")
            #expect(try reversed.field("items")?.arrayValue?.isEmpty == true)
        }
    }

    @Test func threeAppliancesOneActiveTwoStandby() async throws {
        try await withBaton { client in
            for id in ["a1", "a2", "a3"] { try await client.registerAppliance(id) }
            try await client.createHAGroup("g", ["a1", "a2", "a3"])
            #expect(try await client.applianceRole("a1") == "ACTIVE")
            #expect(try await client.applianceRole("a2", score: 60) == "STANDBY")
            #expect(try await client.applianceRole("a3", score: 80) == "STANDBY")
            #expect(try await client.groupState("g") == "HEALTHY")

            let accepted = try await client.forceFailover("g")
            #expect(accepted.status == .accepted)
            let taskID = try #require(try accepted.field("data")?.string("interconnectTaskId"))
            // The best standby (highest score) is the target.
            #expect(try await client.hcxTask(taskID).string("targetApplianceId") == "a3")
            #expect(try await client.applianceRole("a1") == "STANDBY")
            #expect(try await client.applianceRole("a3", score: 80) == "ACTIVE")
            #expect(try await client.applianceRole("a2", score: 60) == "STANDBY")
            #expect(try await client.hcxTask(taskID).string("status") == "SUCCESS")
            #expect(try await client.memberRoles("g") == ["a1": "STANDBY", "a2": "STANDBY", "a3": "ACTIVE"])
        }
    }

    @Test func refusals() async throws {
        try await withBaton { client in
            try await client.forceFailover("nope").expectHCXError(.notFound, code: "NotFound")
            try await client.hcx(.get, HCX.group("nope")).expectHCXError(.notFound, code: "NotFound")
            try await client.hcx(.delete, HCX.group("nope")).expectHCXError(.notFound, code: "NotFound")
            try await client.hcx(.get, HCX.task("nope")).expectHCXError(.notFound, code: "NotFound")

            // A dead standby: nothing to fail over to.
            try await client.registerAppliance("a1")
            try await client.registerAppliance("a2")
            try await client.createHAGroup("g", ["a1", "a2"])
            #expect(try await client.applianceRole("a1") == "ACTIVE")
            try await client.forceFailover("g").expectHCXError(.conflict, code: "NoLiveStandby")
            #expect(try await client.groupState("g") == "DEGRADED")

            // Unknown appliance, appliance already in a group, bad policy.
            try await client.hcx(.post, HCX.groups, #"{"groupId":"h","appliances":["zz"]}"#).expectHCXError(.notFound, code: "NotFound")
            try await client.registerAppliance("a3")
            try await client.hcx(.post, HCX.groups, #"{"groupId":"h","appliances":["a3","a1"]}"#)
                .expectHCXError(.conflict, code: "ApplianceInGroup")
            try await client.hcx(.post, HCX.groups, #"{"groupId":"h","appliances":["a3"],"policyInfo":{"policy":"SOMETIMES"}}"#)
                .expectHCXError(.badRequest, code: "GroupActionBadRequest")
            try await client.hcx(.post, HCX.groups, #"{"groupId":"h","appliances":"a3"}"#)
                .expectHCXError(.badRequest, code: "GroupActionBadRequest")
            try await client.hcx(.post, HCX.groups, #"{"groupId":"h","appliances":["a3"],"failoverTimeout":"soon"}"#)
                .expectHCXError(.badRequest, code: "GroupActionBadRequest")
            // An appliance in a group cannot be removed.
            try await client.hcx(.delete, HCX.appliance("a1")).expectHCXError(.conflict, code: "ApplianceInGroup")

            // A group id is made up when left out; SCORE policy is shown back.
            let generated = try await client.hcx(.post, HCX.groups, #"{"appliances":["a3"],"policyInfo":{"policy":"score"}}"#)
            #expect(generated.status == .accepted)
            let generatedID = try #require(try generated.field("data")?.string("groupId"))
            #expect(UUID(uuidString: generatedID) != nil)
            #expect(try await client.haGroup(generatedID)[caseInsensitive: "policyInfo"]?.string("policy") == "SCORE")

            // A second failover while one runs.
            #expect(try await client.applianceRole("a2") == "STANDBY")
            #expect(try await client.forceFailover("g").status == .accepted)
            try await client.forceFailover("g").expectHCXError(.conflict, code: "FailoverInProgress")
            // Deleting while it runs needs force.
            try await client.hcx(.delete, HCX.group("g") + "?force=false").expectHCXError(.conflict, code: "FailoverInProgress")
            try await client.hcx(.delete, HCX.group("g") + "?force=maybe").expectHCXError(.badRequest, code: "GroupActionBadRequest")
            let forced = try await client.hcx(.delete, HCX.group("g") + "?force=true")
            #expect(forced.status == .accepted, "\(forced.text)")
        }
    }

    @Test func aTargetThatDiesMidHandoverFailsTheTaskAndTheActiveKeepsItsRole() async throws {
        try await withBaton { client in
            try await client.activeStandbyPair(timeout: "00:00:10")
            await client.advance(by: .seconds(5))
            #expect(try await client.applianceRole("a1") == "ACTIVE")  // a1 live until 08:00:15, a2 until 08:00:10
            let accepted = try await client.forceFailover("g")
            let taskID = try #require(try accepted.field("data")?.string("interconnectTaskId"))
            #expect(try await client.hcxTask(taskID).string("status") == "RUNNING")
            await client.advance(by: .seconds(6))  // a2's lease has run out; a1 has not heartbeated
            let failed = try await client.hcxTask(taskID)
            #expect(failed.string("status") == "FAILED", "\(failed)")
            #expect(failed.string("message")?.contains("a2") == true, "\(failed)")
            #expect(failed.string("message")?.contains("a1 keeps the role") == true, "\(failed)")
            #expect(try await client.applianceRole("a1") == "ACTIVE")
            #expect(try await client.haGroup("g").number("epoch") == 1)
            #expect(try await client.memberRoles("g")["a1"] == "ACTIVE")
            #expect(try await client.groupState("g") == "DEGRADED")
        }
    }

    @Test func degradedWhenTheStandbyStopsAndFailedWhenNoneIsLive() async throws {
        try await withBaton { client in
            try await client.activeStandbyPair(timeout: "00:00:10")
            #expect(try await client.groupState("g") == "HEALTHY")
            for _ in 0..<4 {
                await client.advance(by: .seconds(3))
                #expect(try await client.applianceRole("a1") == "ACTIVE")
            }
            let degraded = try await client.haGroup("g")[caseInsensitive: "status"]
            #expect(degraded?.string("groupState") == "DEGRADED")
            #expect(degraded?.string("availabilityState") == "AVAILABLE")
            await client.advance(by: .seconds(11))
            let failed = try await client.haGroup("g")[caseInsensitive: "status"]
            #expect(failed?.string("groupState") == "FAILED")
            #expect(failed?.string("availabilityState") == "UNAVAILABLE")
            let message = failed?.string("statusMessage") ?? ""
            #expect(message.count > 0)
        }
    }

    @Test func deletingAGroupReleasesItsAppliances() async throws {
        try await withBaton { client in
            try await client.activeStandbyPair()
            let list = try await client.hcx(.get, HCX.groups + "?serviceMeshId=mesh-1")
            #expect(try list.field("items")?.arrayValue?.count == 1)
            let none = try await client.hcx(.get, HCX.groups + "?serviceMeshId=mesh-9")
            #expect(try none.field("items")?.arrayValue?.isEmpty == true)

            let deleted = try await client.hcx(.delete, HCX.group("g"))
            #expect(deleted.status == .accepted, "\(deleted.text)")
            let taskID = try #require(try deleted.field("data")?.string("interconnectTaskId"))
            let task = try await client.hcxTask(taskID)
            #expect(task.string("status") == "SUCCESS")
            #expect(task.string("type") == "DELETE_HA_GROUP")
            try await client.hcx(.get, HCX.group("g")).expectHCXError(.notFound)
            #expect(try await client.applianceRole("a1") == "UNDECIDED")
            #expect(try await client.applianceRole("a2") == "UNDECIDED")
            #expect(try await client.hcx(.get, HCX.appliance("a1")).isNull("haGroupId"))
            // Free again: they may form a new group, and be removed once it is gone.
            try await client.createHAGroup("g2", ["a2", "a1"])
            #expect(try await client.hcx(.get, HCX.groups).field("items")?.arrayValue?.count == 1)
        }
    }

    @Test func tasksArePagedNewestFirst() async throws {
        try await withBaton { client in
            for index in 1...5 {
                try await client.registerAppliance("a\(index)")
                try await client.createHAGroup("g\(index)", ["a\(index)"])
                await client.advance(by: .seconds(1))
            }
            let all = try await client.hcx(.get, HCX.tasks)
            #expect(all.status == .ok)
            let names = try all.field("items")?.arrayValue?.compactMap { $0[caseInsensitive: "entityDetails"]?.string("id") }
            #expect(names == ["g5", "g4", "g3", "g2", "g1"])
            let paging = try all.field("paging")
            #expect(paging?.number("offset") == 0)
            #expect(paging?.number("pageSize") == 20)
            #expect(paging?.number("totalSize") == 5)

            let page = try await client.hcx(.get, HCX.tasks + "?offset=1&pageSize=2")
            let pageNames = try page.field("items")?.arrayValue?.compactMap { $0[caseInsensitive: "entityDetails"]?.string("id") }
            #expect(pageNames == ["g4", "g3"])
            #expect(try page.field("paging")?.number("totalSize") == 5)
            #expect(try page.field("paging")?.number("pageSize") == 2)
            let beyond = try await client.hcx(.get, HCX.tasks + "?offset=9")
            #expect(try beyond.field("items")?.arrayValue?.isEmpty == true)
            try await client.hcx(.get, HCX.tasks + "?pageSize=1001").expectHCXError(.badRequest, code: "BadRequest")
            try await client.hcx(.get, HCX.tasks + "?offset=-1").expectHCXError(.badRequest)
        }
    }
}
