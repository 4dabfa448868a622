import BatonCore
import BatonServer
import Foundation
import Testing

/// Streams are read like the group: a principal sees only what it may read, in its tenant.
@Suite struct StreamAccessTests {
    @Test func streamsShowOnlyWhatThePrincipalMayRead() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "t1")
        let others = try baton.addRoleUsers(tenant: "t2")
        let paths = SecuredPaths.cloud(tenant: "t1")
        try await baton.run(.live) { client in
            let port = try #require(client.client.port)
            try await client.expectSuccess(.post, paths.groups, groupBody("open"), as: users.admin)
            try await client.expectSuccess(.post, paths.groups, groupBody("closed"), as: users.admin)
            // The reader is denied reading "closed".
            try await client.expectSuccess(.put, paths.accessControl("closed"),
                                           ACL.list(ACL.user(users.name(.reader), deny: ACL.read), ACL.role(.reader, allow: ACL.all)),
                                           as: users.admin)
            func open(_ path: String, as role: AccessRole, of users: RoleUsers) throws -> EventStreamClient {
                try EventStreamClient(port: port, path: path, headers: [
                    "Authorization": Credentials.basicValue(users.name(role), users.password(role)),
                ])
            }
            // No credentials, the wrong tenant, a denied group: refused before anything is held open.
            let anonymous = try EventStreamClient(port: port, path: paths.group("open") + "/events/stream")
            try await anonymous.waitForHead()
            #expect(anonymous.status == 401)
            let foreign = try open(paths.group("open") + "/events/stream", as: .admin, of: others)
            try await foreign.waitForHead()
            #expect(foreign.status == 403)
            let denied = try open(paths.group("closed") + "/events/stream", as: .reader, of: users)
            try await denied.waitForHead()
            #expect(denied.status == 403)

            // The namespace stream leaves the denied group out, in the snapshot and after.
            let namespace = try open(paths.api + "/events/stream", as: .reader, of: users)
            let snapshot = try #require(try await namespace.next())
            #expect(snapshot.name == "snapshot")
            #expect(!snapshot.data.contains("closed"))
            #expect(snapshot.data.contains("open"))
            try await client.expectSuccess(.post, paths.sessions("closed"), #"{"Id":"x"}"#, as: users.admin)
            try await client.expectSuccess(.post, paths.sessions("open"), #"{"Id":"y"}"#, as: users.admin)
            let next = try #require(try await namespace.next())
            #expect(next.id?.hasPrefix("open:") == true, "\(next)")
            #expect(try await namespace.next(within: .milliseconds(300)) == nil)
        }
    }
}
