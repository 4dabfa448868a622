import BatonCore
import Foundation
import HTTPTypes
import Testing

/// `GET {prefix}` and the `groups` endpoints, under every prefix; tenancy; path case.
@Suite struct GroupEndpointTests {
    // MARK: Root

    @Test(arguments: APIPrefix.allCases)
    func rootAnswersTheVersion(prefix: APIPrefix) async throws {
        try await withBaton { client in
            let reply = try await client.send(.get, prefix.rawValue)
            #expect(reply.status == .ok)
            let version = try reply.string("Version")
            #expect(version == "1.0", "body: \(reply.text)")
        }
    }

    // MARK: POST

    @Test(arguments: APIPrefix.allCases)
    func createAnswers201WithTheConfiguration(prefix: APIPrefix) async throws {
        try await withBaton { client in
            let body = #"{"Id":"g1","Name":"Line 1","Description":"Boiler adapters","FailoverTimeout":"00:00:30","AdditionalData":{"site":"north"}}"#
            let created = try await client.send(.post, prefix.groups, body)
            #expect(created.status == .created, "body: \(created.text)")
            for reply in [created, try await client.send(.get, prefix.group("g1"))] {
                #expect(try reply.string("Id") == "g1")
                #expect(try reply.string("Name") == "Line 1")
                #expect(try reply.string("Description") == "Boiler adapters")
                #expect(try reply.string("FailoverTimeout") == "00:00:30")
                #expect(try reply.field("AdditionalData") == .object(["site": .string("north")]))
            }
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func identicalRecreateAnswers200(prefix: APIPrefix) async throws {
        try await withBaton { client in
            let body = #"{"Id":"g","Name":"n","FailoverTimeout":"00:00:30","AdditionalData":{"a":1,"b":[true]}}"#
            #expect(try await client.send(.post, prefix.groups, body).status == .created)
            let again = try await client.send(.post, prefix.groups, body)
            #expect(again.status == .ok, "body: \(again.text)")
            #expect(try again.string("Id") == "g")
            // The same configuration written differently: property case, key order, `0:00:30`.
            let sameOtherwise = #"{"additionaldata":{"b":[true],"a":1},"failovertimeout":"0:00:30","name":"n","id":"g"}"#
            let third = try await client.send(.post, prefix.groups, sameOtherwise)
            #expect(third.status == .ok, "body: \(third.text)")
            let list = try await client.send(.get, prefix.groups)
            #expect(list.totalCount == "1")
            let events = try await client.events(prefix, "g")
            #expect(events.count == 1, "re-creating must record nothing: \(events)")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func recreateWithAnotherConfigurationAnswers409(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g", timeout: "00:00:30")
            for other in [
                #"{"Id":"g","FailoverTimeout":"00:00:45"}"#,
                #"{"Id":"g","FailoverTimeout":"00:00:30","Name":"renamed"}"#,
                #"{"Id":"g","FailoverTimeout":"00:00:30","AdditionalData":{"x":1}}"#,
            ] {
                let reply = try await client.send(.post, prefix.groups, other)
                try reply.expectRefusal(.conflict)
            }
            let read = try await client.send(.get, prefix.group("g"))
            #expect(try read.string("FailoverTimeout") == "00:00:30")
            #expect(try read.isNull("Name"))
            #expect(try read.isNull("AdditionalData"))
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func failoverTimeoutDefaultsToOneMinute(prefix: APIPrefix) async throws {
        try await withBaton { client in
            let created = try await client.send(.post, prefix.groups, #"{"Id":"g"}"#)
            #expect(created.status == .created)
            #expect(try created.string("FailoverTimeout") == "00:01:00")
            let read = try await client.send(.get, prefix.group("g"))
            #expect(try read.string("FailoverTimeout") == "00:01:00")
            // The default is a real configuration: spelling it out is the same group.
            let explicit = try await client.send(.post, prefix.groups, #"{"Id":"g","FailoverTimeout":"00:01:00"}"#)
            #expect(explicit.status == .ok, "body: \(explicit.text)")
            // And it really is the lease length: a lone Primary keeps its role for 60 s.
            try await client.register(prefix, "g", "s")
            #expect(try await client.role(prefix, "g", "s") == 1)
            await client.advance(by: .milliseconds(59_999))
            #expect(try await client.status(prefix, "g").primary == "s")
            await client.advance(by: .milliseconds(1))
            #expect(try await client.status(prefix, "g").primary == nil)
        }
    }

    // MARK: GET one

    @Test(arguments: APIPrefix.allCases)
    func getAnswers200Or404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.get, prefix.group("g")).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            let read = try await client.send(.get, prefix.group("g"))
            #expect(read.status == .ok)
            #expect(try read.string("Id") == "g")
            #expect(try read.string("FailoverTimeout") == "00:00:10")
            try await client.send(.get, prefix.group("h")).expectRefusal(.notFound)
        }
    }

    // MARK: PUT

    @Test(arguments: APIPrefix.allCases)
    func putCreatesThenUpdates(prefix: APIPrefix) async throws {
        try await withBaton { client in
            // The id may come from the path alone.
            let created = try await client.send(.put, prefix.group("g"), #"{"FailoverTimeout":"00:00:20","Name":"one"}"#)
            #expect(created.status == .created, "body: \(created.text)")
            #expect(try created.string("Id") == "g")

            let updated = try await client.send(.put, prefix.group("g"), #"{"Id":"g","FailoverTimeout":"00:00:40","Name":"two"}"#)
            #expect(updated.status == .ok, "body: \(updated.text)")
            let read = try await client.send(.get, prefix.group("g"))
            #expect(try read.string("FailoverTimeout") == "00:00:40")
            #expect(try read.string("Name") == "two")

            let same = try await client.send(.put, prefix.group("g"), #"{"Id":"g","FailoverTimeout":"00:00:40","Name":"two"}"#)
            #expect(same.status == .ok, "body: \(same.text)")
            #expect(try await client.send(.get, prefix.groups).totalCount == "1")
        }
    }

    /// A new FailoverTimeout applies to leases from the next heartbeat on; a lease already
    /// granted keeps its length.
    @Test(arguments: APIPrefix.allCases)
    func aNewFailoverTimeoutAppliesFromTheNextHeartbeat(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g", timeout: "00:00:10")
            try await client.register(prefix, "g", "a")
            #expect(try await client.role(prefix, "g", "a") == 1)  // lease until 08:00:10
            let put = try await client.send(.put, prefix.group("g"), #"{"Id":"g","FailoverTimeout":"00:00:30"}"#)
            #expect(put.status == .ok, "body: \(put.text)")
            await client.advance(by: .seconds(10))
            #expect(try await client.status(prefix, "g").primary == nil)

            #expect(try await client.role(prefix, "g", "a") == 1)  // lease until 08:00:40
            await client.advance(by: .milliseconds(29_999))
            #expect(try await client.status(prefix, "g").primary == "a")
            await client.advance(by: .milliseconds(1))
            #expect(try await client.status(prefix, "g").primary == nil)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func putWithAnotherBodyIdAnswers400AndChangesNothing(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.put, prefix.group("g"), #"{"Id":"h","FailoverTimeout":"00:00:20"}"#)
                .expectRefusal(.badRequest)
            try await client.send(.get, prefix.group("g")).expectRefusal(.notFound)
            try await client.send(.get, prefix.group("h")).expectRefusal(.notFound)

            try await client.createGroup(prefix, "g", timeout: "00:00:10")
            try await client.send(.put, prefix.group("g"), #"{"Id":"G","FailoverTimeout":"00:00:20"}"#)
                .expectRefusal(.badRequest)
            let read = try await client.send(.get, prefix.group("g"))
            #expect(try read.string("FailoverTimeout") == "00:00:10")
            #expect(try await client.send(.get, prefix.groups).totalCount == "1")
        }
    }

    // MARK: DELETE

    @Test(arguments: APIPrefix.allCases)
    func deleteAnswers204ThenGroupIsGone(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.delete, prefix.group("g")).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            let deleted = try await client.send(.delete, prefix.group("g"))
            #expect(deleted.status == .noContent)
            #expect(deleted.text.isEmpty)
            try await client.send(.get, prefix.group("g")).expectRefusal(.notFound)
            try await client.send(.delete, prefix.group("g")).expectRefusal(.notFound)
            #expect(try await client.send(.get, prefix.groups).totalCount == "0")
            // The id is free again, with another configuration.
            try await client.createGroup(prefix, "g", timeout: "00:00:20")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func deleteWhileSessionsRemainAnswers409(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "s")
            try await client.heartbeat(prefix, "g", "s")
            try await client.send(.delete, prefix.group("g")).expectRefusal(.conflict)
            #expect(try await client.send(.get, prefix.group("g")).status == .ok)
            #expect(try await client.send(.get, prefix.session("g", "s")).status == .ok)
            #expect(try await client.status(prefix, "g").primary == "s")

            #expect(try await client.send(.delete, prefix.session("g", "s")).status == .noContent)
            #expect(try await client.send(.delete, prefix.group("g")).status == .noContent)
        }
    }

    // MARK: List and paging

    @Test(arguments: APIPrefix.allCases)
    func listAnswersEveryGroupWithTotalCount(prefix: APIPrefix) async throws {
        try await withBaton { client in
            let empty = try await client.send(.get, prefix.groups)
            #expect(empty.status == .ok)
            #expect(empty.totalCount == "0")
            #expect(try empty.objects().isEmpty)

            for id in ["g3", "g1", "g2"] { try await client.createGroup(prefix, id) }
            let list = try await client.send(.get, prefix.groups)
            #expect(list.status == .ok)
            #expect(list.totalCount == "3")
            #expect(Set(try list.ids()) == ["g1", "g2", "g3"])
            #expect(try list.objects().allSatisfy { $0.string("FailoverTimeout") == "00:00:10" })
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func listPagesSliceTheList(prefix: APIPrefix) async throws {
        try await withBaton { client in
            for index in 1...5 { try await client.createGroup(prefix, "g\(index)") }
            let all = try await client.send(.get, prefix.groups).ids()
            #expect(all.count == 5)

            let middle = try await client.send(.get, prefix.groups + "?skip=1&count=2")
            #expect(middle.status == .ok)
            #expect(middle.totalCount == "5")
            #expect(try middle.ids() == Array(all[1...2]))
            // Query names match case-insensitively, like paths and JSON properties.
            #expect(try await client.send(.get, prefix.groups + "?Skip=1&COUNT=2").ids() == Array(all[1...2]))

            let tail = try await client.send(.get, prefix.groups + "?skip=4&count=10")
            #expect(try tail.ids() == [all[4]])
            #expect(tail.totalCount == "5")

            let beyond = try await client.send(.get, prefix.groups + "?skip=10")
            #expect(beyond.status == .ok)
            #expect(try beyond.ids().isEmpty)
            #expect(beyond.totalCount == "5")

            let none = try await client.send(.get, prefix.groups + "?count=0")
            #expect(none.status == .ok)
            #expect(try none.ids().isEmpty)

            // Pages of two, walked to the end, give every group once.
            var walked: [String] = []
            for skip in stride(from: 0, to: 6, by: 2) {
                walked += try await client.send(.get, prefix.groups + "?skip=\(skip)&count=2").ids()
            }
            #expect(walked == all)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func listCountDefaultsTo100AndAllowsUpTo1000(prefix: APIPrefix) async throws {
        try await withBaton { client in
            for index in 0..<101 {
                let reply = try await client.send(.post, prefix.groups, #"{"Id":"g\#(index)"}"#)
                #expect(reply.status == .created)
            }
            let first = try await client.send(.get, prefix.groups)
            #expect(first.totalCount == "101")
            #expect(try first.ids().count == 100)
            let rest = try await client.send(.get, prefix.groups + "?skip=100")
            #expect(try rest.ids().count == 1)
            let max = try await client.send(.get, prefix.groups + "?count=1000")
            #expect(max.status == .ok)
            #expect(try max.ids().count == 101)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func listRefusesBadPaging(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            for query in ["count=1001", "count=-1", "skip=-1", "count=abc", "skip=1.5", "count=", "skip=", "count=10x",
                          "skip=99999999999999999999"] {
                let reply = try await client.send(.get, prefix.groups + "?" + query)
                try reply.expectRefusal(.badRequest)
            }
        }
    }

    // MARK: Ids and path case

    @Test(arguments: APIPrefix.allCases)
    func pathsAreCaseInsensitiveButIdsAreNot(prefix: APIPrefix) async throws {
        try await withBaton { client in
            let base = Self.mixedCase(prefix)
            #expect(try await client.send(.post, base + "/Groups", #"{"Id":"G1","FailoverTimeout":"00:00:10"}"#).status == .created)
            #expect(try await client.send(.post, base + "/GROUPS", #"{"Id":"g1","FailoverTimeout":"00:00:20"}"#).status == .created)

            let upper = try await client.send(.get, base + "/Groups/G1")
            #expect(upper.status == .ok)
            #expect(try upper.string("Id") == "G1")
            #expect(try upper.string("FailoverTimeout") == "00:00:10")
            let lower = try await client.send(.get, prefix.group("g1"))
            #expect(try lower.string("Id") == "g1")
            #expect(try lower.string("FailoverTimeout") == "00:00:20")
            #expect(try await client.send(.get, prefix.groups).totalCount == "2")

            #expect(try await client.send(.post, base + "/groups/G1/clientSessions", #"{"Id":"S1"}"#).status == .created)
            #expect(try await client.send(.get, base + "/Groups/G1/ClientSessions/S1").status == .ok)
            try await client.send(.get, prefix.session("G1", "s1")).expectRefusal(.notFound)
            try await client.send(.get, prefix.session("g1", "S1")).expectRefusal(.notFound)
            let beat = try await client.send(.post, base + "/groups/G1/clientSessions/S1/HeartBeat", #"{"FailoverScore":100}"#)
            #expect(try beat.number("Role") == 1)
            let status = try await client.send(.get, base + "/Groups/G1/Status")
            #expect(try status.string("Primary") == "S1")
            let override = try await client.send(.post, base + "/groups/G1/clientsessions/S1/RoleOverride", #"{"Value":"Off"}"#)
            #expect(override.status == .ok)
            #expect(try await client.send(.get, base + "/Groups/G1/Events").status == .ok)
            #expect(try await client.send(.get, base).status == .ok)
        }
    }

    /// The prefix with its constant segments in other cases (tenant and namespace ids untouched).
    static func mixedCase(_ prefix: APIPrefix) -> String {
        prefix.rawValue
            .replacingOccurrences(of: "clientfailover", with: "ClientFailover")
            .replacingOccurrences(of: "/api/", with: "/API/")
            .replacingOccurrences(of: "/v1", with: "/V1")
            .replacingOccurrences(of: "tenants", with: "Tenants")
            .replacingOccurrences(of: "namespaces", with: "NameSpaces")
            .replacingOccurrences(of: "preview", with: "Preview")
    }
}

/// Groups belong to one tenant's namespace; the on-premises prefix is tenant and namespace `default`.
@Suite struct TenancyTests {
    static let t1 = "/api/v1/tenants/t1/namespaces/n1/clientfailover"
    static let t2 = "/api/v1/tenants/t2/namespaces/n1/clientfailover"
    static let t1n2 = "/api/v1/tenants/t1/namespaces/n2/clientfailover"
    static let onPremises = "/api/v1/clientfailover"
    static let defaultCloud = "/api/v1/tenants/default/namespaces/default/clientfailover"
    static let defaultPreview = "/api/v1-preview/tenants/default/namespaces/default/clientfailover"

    @Test func aTenantsGroupIsInvisibleElsewhere() async throws {
        try await withBaton { client in
            #expect(try await client.send(.post, Self.t1 + "/groups", #"{"Id":"g"}"#).status == .created)
            for other in [Self.t2, Self.t1n2, Self.onPremises, Self.defaultCloud] {
                try await client.send(.get, other + "/groups/g").expectRefusal(.notFound)
                try await client.send(.get, other + "/groups/g/status").expectRefusal(.notFound)
                try await client.send(.post, other + "/groups/g/clientsessions", #"{"Id":"s"}"#).expectRefusal(.notFound)
                try await client.send(.delete, other + "/groups/g").expectRefusal(.notFound)
                let list = try await client.send(.get, other + "/groups")
                #expect(list.totalCount == "0", "\(other)")
            }
            // v1 and v1-preview are two spellings of the same tenant's namespace.
            #expect(try await client.send(.get, "/api/v1-preview/tenants/t1/namespaces/n1/clientfailover/groups/g").status == .ok)
            #expect(try await client.send(.get, Self.t1 + "/groups").totalCount == "1")
        }
    }

    @Test func anOnPremisesGroupIsTheDefaultTenantsAndNobodyElses() async throws {
        try await withBaton { client in
            #expect(try await client.send(.post, Self.onPremises + "/groups", #"{"Id":"g"}"#).status == .created)
            #expect(try await client.send(.get, Self.defaultCloud + "/groups/g").status == .ok)
            #expect(try await client.send(.get, Self.defaultPreview + "/groups/g").status == .ok)
            #expect(try await client.send(.get, Self.defaultCloud + "/groups").totalCount == "1")
            for other in [Self.t1, Self.t2] {
                try await client.send(.get, other + "/groups/g").expectRefusal(.notFound)
                #expect(try await client.send(.get, other + "/groups").totalCount == "0")
            }
            // A session registered on-premises is seen through the default tenant's cloud path.
            #expect(try await client.send(.post, Self.onPremises + "/groups/g/clientsessions", #"{"Id":"s"}"#).status == .created)
            #expect(try await client.send(.get, Self.defaultCloud + "/groups/g/clientsessions/s").status == .ok)
        }
    }

    @Test func theSameIdInTwoTenantsIsTwoGroups() async throws {
        try await withBaton { client in
            #expect(try await client.send(.post, Self.t1 + "/groups", #"{"Id":"g","FailoverTimeout":"00:00:10"}"#).status == .created)
            #expect(try await client.send(.post, Self.t2 + "/groups", #"{"Id":"g","FailoverTimeout":"00:00:20"}"#).status == .created)
            #expect(try await client.send(.post, Self.onPremises + "/groups", #"{"Id":"g","FailoverTimeout":"00:00:30"}"#).status == .created)
            #expect(try await client.send(.get, Self.t1 + "/groups/g").string("FailoverTimeout") == "00:00:10")
            #expect(try await client.send(.get, Self.t2 + "/groups/g").string("FailoverTimeout") == "00:00:20")
            #expect(try await client.send(.get, Self.onPremises + "/groups/g").string("FailoverTimeout") == "00:00:30")

            // Sessions, heartbeats and deletion stay inside their tenant.
            #expect(try await client.send(.post, Self.t1 + "/groups/g/clientsessions", #"{"Id":"s"}"#).status == .created)
            #expect(try await client.send(.post, Self.t1 + "/groups/g/clientsessions/s/heartbeat", #"{"FailoverScore":1}"#).status == .ok)
            try await client.send(.get, Self.t2 + "/groups/g/clientsessions/s").expectRefusal(.notFound)
            try await client.send(.post, Self.t2 + "/groups/g/clientsessions/s/heartbeat", #"{"FailoverScore":1}"#)
                .expectRefusal(.notFound)
            #expect(try await client.send(.get, Self.t2 + "/groups/g/status").string("Primary") == nil)
            #expect(try await client.send(.delete, Self.t2 + "/groups/g").status == .noContent)
            #expect(try await client.send(.get, Self.t1 + "/groups/g/status").string("Primary") == "s")
            #expect(try await client.send(.get, Self.onPremises + "/groups/g").status == .ok)
        }
    }
}
