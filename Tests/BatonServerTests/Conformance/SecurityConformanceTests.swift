import BatonCore
import BatonServer
import BatonStore
import BatonTestSupport
import Foundation
import Logging
import Testing

/// Authentication, roles, access control lists and tokens alike on both stores: on
/// PostgreSQL the principals, the signing key and the lists live in the shared database.
@Suite struct SecurityConformanceTests {
    static let paths = SecuredPaths.onPremises

    /// A Baton that requires authentication, with one user per role and a client `c1`.
    func secured(on store: StoreKind) async throws -> (TestBaton, RoleUsers) {
        let url: String? = store == .postgres ? try await TestPostgres.freshDatabase() : nil
        let baton = TestBaton(authentication: .required) { $0.postgresURL = url }
        let users = RoleUsers(tenant: "default")
        var records = AccessRole.allCases.map { role in
            PrincipalRecord(principal: Principal(kind: .user, id: users.name(role), tenant: "default", role: role),
                            secretHash: SecretHasher.hash(users.password(role), cost: 4), createdAt: Date())
        }
        records.append(PrincipalRecord(principal: Principal(kind: .client, id: "c1", tenant: "default", role: .member),
                                       secretHash: SecretHasher.hash("c1-secret", cost: 4), createdAt: Date()))
        if let url {
            let shared = try await PostgresStore.open(url: url, logger: Logger(label: "baton-test"))
            for record in records { try await shared.savePrincipal(record) }
            await shared.shutdown()
        } else {
            for record in records { try baton.adminStore().savePrincipal(record) }
        }
        return (baton, users)
    }

    @Test(arguments: StoreKind.available)
    func rolesListsAndTokensDecideAlike(store: StoreKind) async throws {
        let (baton, users) = try await secured(on: store)
        defer { baton.removeFiles() }
        try await baton.run { client in
            let paths = Self.paths
            try await client.send(.get, paths.groups).expectRefusal(.unauthorized)
            try await client.send(.post, paths.groups, groupBody("g"), as: users.credentials(.reader)).expectRefusal(.forbidden)
            try await client.expectSuccess(.post, paths.groups, groupBody("g"), as: users.admin)
            try await client.expectSuccess(.post, paths.groups, groupBody("h"), as: users.admin)
            try await client.expectSuccess(.post, paths.sessions("g"), #"{"Id":"s"}"#, as: users.credentials(.member))
            let member = users.credentials(.member)
            #expect(try await client.send(.post, paths.heartbeat("g", "s"), #"{"FailoverScore":90}"#, as: member).status == .ok)

            // A namespace-wide list closes everything to non-admins; a group's own list reopens it.
            let closed = ACL.list(ACL.role(.admin, allow: ACL.all))
            #expect(try await client.send(.put, paths.collectionAccessControl, closed, as: users.admin).status == .noContent)
            try await client.send(.get, paths.group("g"), as: member).expectRefusal(.forbidden)
            try await client.send(.post, paths.heartbeat("g", "s"), #"{"FailoverScore":90}"#, as: member).expectRefusal(.forbidden)
            let open = ACL.list(ACL.role(.reader, allow: ACL.all), ACL.user(users.name(.operator), deny: ACL.read))
            #expect(try await client.send(.put, paths.accessControl("g"), open, as: users.admin).status == .noContent)
            #expect(try await client.send(.post, paths.heartbeat("g", "s"), #"{"FailoverScore":90}"#, as: member).status == .ok)
            try await client.send(.get, paths.group("g"), as: users.credentials(.operator)).expectRefusal(.forbidden)
            try await client.send(.get, paths.group("h"), as: member).expectRefusal(.forbidden)
            // The closed namespace cannot be listed by a member; an admin sees every group.
            try await client.send(.get, paths.groups, as: member).expectRefusal(.forbidden)
            #expect(try await client.send(.get, paths.groups, as: users.admin).ids() == ["g", "h"])

            // A bearer token from client credentials works, and is checked against the store.
            let form = "client_id=c1&client_secret=c1-secret&grant_type=client_credentials"
            let issued = try await client.send(.post, "/identity/connect/token", form, as: .none,
                                               contentType: "application/x-www-form-urlencoded")
            #expect(issued.status == .ok, "\(issued.text)")
            let token = try #require(try issued.string("access_token"))
            #expect(try await client.send(.post, paths.heartbeat("g", "s"), #"{"FailoverScore":80}"#, as: .bearer(token)).status == .ok)
            try await client.send(.get, paths.group("g"), as: .bearer(token + "x")).expectRefusal(.unauthorized)
        }
    }
}
