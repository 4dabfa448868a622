import BatonCore
import BatonServer
import Foundation
import HTTPTypes
import Testing

/// Access control lists: they only narrow the roles, a denial wins, a group's list beats its
/// namespace's, and admins can always manage them.
@Suite struct AccessControlTests {
    static let paths = SecuredPaths.onPremises

    /// A secured Baton with the role users of `default` and group `g` (session `s`, by the member).
    func withGroup(_ body: @Sendable @escaping (TestBaton.Client, RoleUsers) async throws -> Void) async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "default")
        try await baton.run { client in
            try await client.expectSuccess(.post, Self.paths.groups, groupBody("g"), as: users.admin)
            try await client.expectSuccess(.post, Self.paths.sessions("g"), #"{"Id":"s"}"#, as: users.credentials(.member))
            try await body(client, users)
        }
    }

    @Test func aDenyWinsOverAnAllow() async throws {
        try await withGroup { client, users in
            let list = ACL.list(ACL.role(.reader, allow: ACL.all), ACL.user(users.name(.operator), deny: ACL.read))
            #expect(try await client.send(.put, Self.paths.accessControl("g"), list, as: users.admin).status == .noContent)
            // The operator matches the role entry (allow) and the user entry (deny): denied.
            try await client.send(.get, Self.paths.group("g"), as: users.credentials(.operator)).expectRefusal(.forbidden)
            // Only the denied right: the operator may still write.
            #expect(try await client.send(.post, Self.paths.heartbeat("g", "s"), #"{"FailoverScore":1}"#,
                                          as: users.credentials(.operator)).status == .ok)
            // Others matching only the allow entry read as before.
            #expect(try await client.send(.get, Self.paths.group("g"), as: users.credentials(.member)).status == .ok)
            // The order of the entries does not matter.
            let reversed = ACL.list(ACL.user(users.name(.operator), deny: ACL.read), ACL.role(.reader, allow: ACL.all))
            #expect(try await client.send(.put, Self.paths.accessControl("g"), reversed, as: users.admin).status == .noContent)
            #expect(try await client.send(.get, Self.paths.group("g"), as: users.credentials(.operator)).status == .forbidden)
        }
    }

    @Test func aListOnlyNarrowsTheRole() async throws {
        try await withGroup { client, users in
            let list = ACL.list(ACL.role(.reader, allow: ACL.all))
            #expect(try await client.send(.put, Self.paths.accessControl("g"), list, as: users.admin).status == .noContent)
            let reader = users.credentials(.reader)
            // Write granted by the list, but not by the reader role: still refused.
            try await client.send(.post, Self.paths.heartbeat("g", "s"), #"{"FailoverScore":1}"#, as: reader).expectRefusal(.forbidden)
            try await client.send(.post, Self.paths.sessions("g"), #"{"Id":"r"}"#, as: reader).expectRefusal(.forbidden)
            try await client.send(.get, Self.paths.accessControl("g"), as: reader).expectRefusal(.forbidden)
            #expect(try await client.send(.get, Self.paths.group("g"), as: reader).status == .ok)

            // A list that grants only Read takes Write away from the member.
            let readOnly = ACL.list(ACL.role(.reader, allow: ACL.read))
            #expect(try await client.send(.put, Self.paths.accessControl("g"), readOnly, as: users.admin).status == .noContent)
            let member = users.credentials(.member)
            try await client.send(.post, Self.paths.heartbeat("g", "s"), #"{"FailoverScore":1}"#, as: member).expectRefusal(.forbidden)
            #expect(try await client.send(.get, Self.paths.group("g"), as: member).status == .ok)

            // An empty list allows no one but admins.
            #expect(try await client.send(.put, Self.paths.accessControl("g"), ACL.list(), as: users.admin).status == .noContent)
            try await client.send(.get, Self.paths.group("g"), as: member).expectRefusal(.forbidden)
        }
    }

    @Test func aGroupListOverridesTheCollectionList() async throws {
        try await withGroup { client, users in
            try await client.expectSuccess(.post, Self.paths.groups, groupBody("open"), as: users.admin)
            let member = users.credentials(.member)
            // The namespace list takes Read from everyone but admins.
            let closed = ACL.list(ACL.role(.admin, allow: ACL.all))
            #expect(try await client.send(.put, Self.paths.collectionAccessControl, closed, as: users.admin).status == .noContent)
            try await client.send(.get, Self.paths.group("g"), as: member).expectRefusal(.forbidden)
            try await client.send(.get, Self.paths.group("open"), as: member).expectRefusal(.forbidden)
            // The group's own list applies instead of the namespace's.
            let open = ACL.list(ACL.role(.reader, allow: ACL.all))
            #expect(try await client.send(.put, Self.paths.accessControl("open"), open, as: users.admin).status == .noContent)
            #expect(try await client.send(.get, Self.paths.group("open"), as: member).status == .ok)
            try await client.send(.get, Self.paths.group("g"), as: member).expectRefusal(.forbidden)
            // The lists read back as written.
            let read = try await client.send(.get, Self.paths.collectionAccessControl, as: users.admin)
            #expect(read.status == .ok)
            let entries = try #require(try read.field("RoleTrusteeAccessControlEntries")?.arrayValue)
            #expect(entries.count == 1)
            #expect(entries.first?[caseInsensitive: "Trustee"]?.string("ObjectId") == "admin")
            #expect(entries.first?.number("AccessRights") == 15)
            // A group without a list reads as an empty one.
            let none = try await client.send(.get, Self.paths.accessControl("g"), as: users.admin)
            #expect(try none.field("RoleTrusteeAccessControlEntries")?.arrayValue?.isEmpty == true)
        }
    }

    @Test func anAdminCanAlwaysManageTheList() async throws {
        try await withGroup { client, users in
            let admin = users.admin
            let lockout = ACL.list(ACL.user(users.name(.admin), deny: ACL.all), ACL.role(.reader, deny: ACL.all))
            #expect(try await client.send(.put, Self.paths.accessControl("g"), lockout, as: admin).status == .noContent)
            #expect(try await client.send(.put, Self.paths.collectionAccessControl, lockout, as: admin).status == .noContent)
            // The list denies the admin the group itself…
            try await client.send(.get, Self.paths.group("g"), as: admin).expectRefusal(.forbidden)
            // …but never the list: it can be read and replaced.
            #expect(try await client.send(.get, Self.paths.accessControl("g"), as: admin).status == .ok)
            #expect(try await client.send(.get, Self.paths.collectionAccessControl, as: admin).status == .ok)
            #expect(try await client.send(.put, Self.paths.accessControl("g"), ACL.list(ACL.role(.reader, allow: ACL.all)),
                                          as: admin).status == .noContent)
            #expect(try await client.send(.get, Self.paths.group("g"), as: admin).status == .ok)
        }
    }

    @Test func anInvalidListIs400() async throws {
        try await withGroup { client, users in
            let bad = [
                #"[]"#,
                #"{"RoleTrusteeAccessControlEntries":{}}"#,
                #"{"RoleTrusteeAccessControlEntries":[{"AccessType":0,"AccessRights":1}]}"#,
                #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":9,"ObjectId":"x"},"AccessType":0,"AccessRights":1}]}"#,
                #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":3,"ObjectId":"superuser"},"AccessType":0,"AccessRights":1}]}"#,
                #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":1,"ObjectId":""},"AccessType":0,"AccessRights":1}]}"#,
                #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":1,"ObjectId":"a"},"AccessType":2,"AccessRights":1}]}"#,
                #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":1,"ObjectId":"a"},"AccessType":0,"AccessRights":16}]}"#,
                #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":1,"ObjectId":"a"},"AccessType":0,"AccessRights":1.5}]}"#,
            ]
            for body in bad {
                for uri in [Self.paths.accessControl("g"), Self.paths.collectionAccessControl] {
                    let reply = try await client.send(.put, uri, body, as: users.admin)
                    #expect(reply.status == .badRequest, "\(uri) \(body): \(reply.status) \(reply.text)")
                    try reply.expectRefusal(.badRequest)
                }
            }
            // Nothing was stored, and an unknown group's list is a 404.
            #expect(try await client.send(.get, Self.paths.group("g"), as: users.credentials(.reader)).status == .ok)
            let absent = try await client.send(.put, Self.paths.accessControl("absent"), ACL.list(), as: users.admin)
            try absent.expectRefusal(.notFound)
            // Names are accepted for the enums.
            let named = #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":"Role","ObjectId":"reader"},"AccessType":"Allowed","AccessRights":15}]}"#
            #expect(try await client.send(.put, Self.paths.accessControl("g"), named, as: users.admin).status == .noContent)
        }
    }
}
