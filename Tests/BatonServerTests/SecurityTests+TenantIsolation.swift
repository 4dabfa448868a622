import BatonCore
import BatonServer
import Foundation
import HTTPTypes
import Testing

/// A principal never acts in another tenant, and cannot even learn whether a group exists there.
@Suite struct TenantIsolationTests {
    @Test(arguments: [AccessRole.reader, .admin])
    func everyRouteOfAnotherTenantIsRefusedAlikeForExistingAndAbsentGroups(role: AccessRole) async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let mine = try baton.addRoleUsers(tenant: "t1")
        let theirs = try baton.addRoleUsers(tenant: "t2")
        let other = SecuredPaths.cloud(tenant: "t2")
        try await baton.run { client in
            try await other.prepare(client, as: theirs.admin)
            let me = mine.credentials(role)
            let existing = other.guardedRoutes(group: "g", deleteGroup: "gdel")
            let absent = other.guardedRoutes(group: "nothing", deleteGroup: "nothing-either")
            #expect(existing.count == absent.count)
            // The version endpoint (`…/clientfailover`, first) is checked on its own below.
            for (real, missing) in zip(existing, absent).dropFirst() {
                let a = try await client.send(real.method, real.uri, real.body, as: me)
                let b = try await client.send(missing.method, missing.uri, missing.body, as: me)
                #expect(a.status == .forbidden, "\(real): \(a.status) \(a.text)")
                #expect(b.status == .forbidden, "\(missing): \(b.status) \(b.text)")
                // The same answer, apart from the fresh OperationId: existence is not revealed.
                #expect(try a.string("Error") == b.string("Error"), "\(real)")
                #expect(try a.string("Reason") == b.string("Reason"), "\(real): \(a.text) / \(b.text)")
                #expect(try a.string("Resolution") == b.string("Resolution"), "\(real)")
            }
            // Nothing of t2 changed: its group, sessions and list are as prepared.
            let status = try await client.send(.get, other.group("gdel"), as: theirs.admin)
            #expect(status.status == .ok)
            let sessions = try await client.send(.get, other.sessions("g"), as: theirs.admin)
            #expect(Set(try sessions.ids()) == ["s", "spare"])
        }
    }

    /// `GET …/tenants/t2/namespaces/n1/clientfailover` answers a t1 principal 200 with the
    /// version: it reveals nothing of t2, but it is the one route of another tenant that is
    /// not refused. Recorded as a known issue until the server refuses it (or the rule changes).
    @Test func theVersionOfAnotherTenantsAPIIsRefused() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let mine = try baton.addRoleUsers(tenant: "t1")
        try await baton.run { client in
            let reply = try await client.send(.get, SecuredPaths.cloud(tenant: "t2").api, as: mine.admin)
            #expect(reply.status == .forbidden, "\(reply.status) \(reply.text)")
            #expect(try await client.send(.get, SecuredPaths.cloud(tenant: "t1").api, as: mine.admin).status == .ok)
        }
    }

    @Test func listingShowsOnlyTheCallersTenant() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let t1 = try baton.addRoleUsers(tenant: "t1")
        let t2 = try baton.addRoleUsers(tenant: "t2")
        try await baton.run { client in
            for (paths, admin, id) in [(SecuredPaths.cloud(tenant: "t1"), t1.admin, "mine"),
                                       (SecuredPaths.cloud(tenant: "t2"), t2.admin, "theirs")] {
                try await client.expectSuccess(.post, paths.groups, groupBody(id), as: admin)
            }
            let reader = t1.credentials(.reader)
            let own = try await client.send(.get, SecuredPaths.cloud(tenant: "t1").groups, as: reader)
            #expect(own.status == .ok)
            #expect(try own.ids() == ["mine"])
            #expect(own.totalCount == "1")
            let preview = try await client.send(.get, SecuredPaths.cloud(tenant: "t1", version: "v1-preview").groups, as: reader)
            #expect(try preview.ids() == ["mine"])
            // Another tenant's listing, and the on-premises (tenant `default`) one, are refused.
            #expect(try await client.send(.get, SecuredPaths.cloud(tenant: "t2").groups, as: reader).status == .forbidden)
            #expect(try await client.send(.get, SecuredPaths.onPremises.groups, as: reader).status == .forbidden)
        }
    }
}
