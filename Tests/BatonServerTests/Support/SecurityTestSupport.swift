import BatonCore
import BatonServer
import BatonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

// Helpers shared by the security tests (RoleMatrixTests, TenantIsolationTests, TokenTests,
// AccessControlTests, SecretsInLogsTests).

/// How a test request authenticates.
enum Credentials: Sendable {
    case none
    case basic(user: String, password: String)
    case bearer(String)
    /// The HCX form: the token alone in `Authorization`.
    case bareAuthorization(String)
    case hcx(String)

    static func basicValue(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    var headers: HTTPFields {
        switch self {
        case .none: [:]
        case .basic(let user, let password): [.authorization: Self.basicValue(user, password)]
        case .bearer(let token): [.authorization: "Bearer \(token)"]
        case .bareAuthorization(let token): [.authorization: token]
        case .hcx(let token): [HTTPField.Name("x-hm-authorization")!: token]
        }
    }
}

/// One user per role, each with password `pw-<role>` and user name `<role>-<tenant>`.
struct RoleUsers {
    let tenant: String

    func name(_ role: AccessRole) -> String { "\(role.name)-\(tenant)" }
    func password(_ role: AccessRole) -> String { "pw-\(role.name)" }
    func credentials(_ role: AccessRole) -> Credentials { .basic(user: name(role), password: password(role)) }
    var admin: Credentials { credentials(.admin) }
}

extension TestBaton {
    /// A Baton that requires authentication, with cheap bcrypt and no practical rate limits.
    static func secured(customise: @escaping @Sendable (inout ServerSettings) -> Void = { _ in }) -> TestBaton {
        TestBaton(authentication: .required, customise: customise)
    }

    func adminStore() throws -> SQLiteStore {
        try SQLiteStore(directory: directory.path, role: .administration)
    }

    /// Stores a user or client with a bcrypt (cost 4) hash of `secret`.
    func addPrincipal(_ kind: Principal.Kind, _ id: String, tenant: String, role: AccessRole, secret: String) throws {
        try adminStore().savePrincipal(PrincipalRecord(
            principal: Principal(kind: kind, id: id, tenant: tenant, role: role),
            secretHash: SecretHasher.hash(secret, cost: 4), createdAt: Date()))
    }

    /// Users with the reader role in tenant `default`, each with password `pw-<name>`.
    func addReaders(_ names: String...) throws {
        for name in names { try addPrincipal(.user, name, tenant: "default", role: .reader, secret: "pw-\(name)") }
    }

    /// One user per role in `tenant` (see `RoleUsers`).
    @discardableResult
    func addRoleUsers(tenant: String) throws -> RoleUsers {
        let users = RoleUsers(tenant: tenant)
        for role in AccessRole.allCases {
            try addPrincipal(.user, users.name(role), tenant: tenant, role: role, secret: users.password(role))
        }
        return users
    }
}

extension TestBaton.Client {
    /// Sends a request with credentials; `body` is sent as is with `contentType`.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as credentials: Credentials,
        contentType: String = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> TestBaton.Reply {
        var headers = credentials.headers
        if body != nil { headers[.contentType] = contentType }
        headers.append(contentsOf: extra)
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return TestBaton.Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// Sends and expects a 2xx.
    @discardableResult
    func expectSuccess(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as credentials: Credentials,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestBaton.Reply {
        let reply = try await send(method, uri, body, as: credentials)
        #expect(reply.status.kind == .successful, "\(method) \(uri): \(reply.status) \(reply.text)",
                sourceLocation: sourceLocation)
        return reply
    }
}

/// The paths of one tenant and namespace: the Client Failover API and the collection ACL.
struct SecuredPaths: Sendable {
    /// `…/clientfailover`.
    let api: String
    /// `{base}/accesscontrol/clientfailover/groups`.
    let collectionAccessControl: String

    static let onPremises = SecuredPaths(api: "/api/v1/clientfailover",
                                         collectionAccessControl: "/api/v1/accesscontrol/clientfailover/groups")

    static func cloud(tenant: String, namespace: String = "n1", version: String = "v1") -> SecuredPaths {
        let base = "/api/\(version)/tenants/\(tenant)/namespaces/\(namespace)"
        return SecuredPaths(api: base + "/clientfailover", collectionAccessControl: base + "/accesscontrol/clientfailover/groups")
    }

    var groups: String { api + "/groups" }
    func group(_ id: String) -> String { groups + "/" + id }
    func sessions(_ group: String) -> String { self.group(group) + "/clientsessions" }
    func session(_ group: String, _ session: String) -> String { sessions(group) + "/" + session }
    func heartbeat(_ group: String, _ session: String) -> String { self.session(group, session) + "/heartbeat" }
    func roleOverride(_ group: String, _ session: String) -> String { self.session(group, session) + "/roleoverride" }
    func accessControl(_ group: String) -> String { self.group(group) + "/accesscontrol" }
}

/// Access control list bodies.
enum ACL {
    struct Entry {
        var type: Int
        var objectID: String
        var denied: Bool
        var rights: Int

        var json: String {
            #"{"Trustee":{"Type":\#(type),"ObjectId":"\#(objectID)"},"AccessType":\#(denied ? 1 : 0),"AccessRights":\#(rights)}"#
        }
    }

    static func role(_ role: AccessRole, allow rights: Int) -> Entry { Entry(type: 3, objectID: role.name, denied: false, rights: rights) }
    static func role(_ role: AccessRole, deny rights: Int) -> Entry { Entry(type: 3, objectID: role.name, denied: true, rights: rights) }
    static func user(_ name: String, allow rights: Int) -> Entry { Entry(type: 1, objectID: name, denied: false, rights: rights) }
    static func user(_ name: String, deny rights: Int) -> Entry { Entry(type: 1, objectID: name, denied: true, rights: rights) }

    static func list(_ entries: Entry...) -> String {
        #"{"RoleTrusteeAccessControlEntries":[\#(entries.map(\.json).joined(separator: ","))]}"#
    }

    static let read = 1, write = 2, delete = 4, manage = 8, all = 15
}

/// A group configuration body.
func groupBody(_ id: String, timeout: String = "00:00:10") -> String {
    #"{"Id":\#(json(id)),"FailoverTimeout":"\#(timeout)"}"#
}

/// One guarded request of the security matrix.
struct GuardedRoute: Sendable, CustomStringConvertible {
    var method: HTTPRequest.Method
    var uri: String
    var body: String?
    /// The least role that may do it.
    var needs: AccessRole
    /// Allowed but answered with the endpoint's normal refusal (a 404 for an absent group):
    /// only "not 401/403" is asserted.
    var normalRefusal = false

    var description: String { "\(method) \(uri)" }
}

extension SecuredPaths {
    /// Prepares, as `admin`, what `guardedRoutes` acts on: group `g` with live session `s`
    /// and spare session `spare`, and empty group `gdel`.
    func prepare(_ client: TestBaton.Client, as admin: Credentials,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await client.expectSuccess(.post, groups, groupBody("g"), as: admin, sourceLocation: sourceLocation)
        try await client.expectSuccess(.post, sessions("g"), #"{"Id":"s"}"#, as: admin, sourceLocation: sourceLocation)
        try await client.expectSuccess(.post, sessions("g"), #"{"Id":"spare"}"#, as: admin, sourceLocation: sourceLocation)
        try await client.expectSuccess(.post, heartbeat("g", "s"), #"{"FailoverScore":100}"#, as: admin, sourceLocation: sourceLocation)
        try await client.expectSuccess(.post, groups, groupBody("gdel"), as: admin, sourceLocation: sourceLocation)
    }

    /// Every Client Failover and access-control route, on group `group` (prepared by
    /// `prepare` when it is `g`), in an order where the destructive ones come last. A list
    /// PUT allows every role everything, so it changes no later answer.
    func guardedRoutes(group: String = "g", deleteGroup: String = "gdel") -> [GuardedRoute] {
        let everyone = ACL.list(ACL.role(.reader, allow: ACL.all))
        return [
            GuardedRoute(method: .get, uri: api, needs: .reader),
            GuardedRoute(method: .get, uri: groups, needs: .reader),
            GuardedRoute(method: .get, uri: self.group(group), needs: .reader),
            GuardedRoute(method: .get, uri: self.group(group) + "/status", needs: .reader),
            GuardedRoute(method: .get, uri: self.group(group) + "/events", needs: .reader),
            GuardedRoute(method: .get, uri: sessions(group), needs: .reader),
            GuardedRoute(method: .get, uri: session(group, "s"), needs: .reader),
            GuardedRoute(method: .get, uri: self.group("absent"), needs: .reader, normalRefusal: true),
            // Re-posting an existing identical group is a read; a new group needs admin.
            GuardedRoute(method: .post, uri: groups, body: groupBody(group), needs: .reader),
            GuardedRoute(method: .post, uri: groups, body: groupBody("new"), needs: .admin),
            GuardedRoute(method: .put, uri: self.group(group), body: groupBody(group), needs: .admin),
            GuardedRoute(method: .post, uri: sessions(group), body: #"{"Id":"joined"}"#, needs: .member),
            GuardedRoute(method: .post, uri: heartbeat(group, "s"), body: #"{"FailoverScore":100}"#, needs: .member),
            GuardedRoute(method: .post, uri: roleOverride(group, "s"), body: #"{"Value":"Primary"}"#, needs: .operator),
            GuardedRoute(method: .post, uri: self.group(group) + "/pause", needs: .operator),
            GuardedRoute(method: .post, uri: self.group(group) + "/resume", needs: .operator),
            GuardedRoute(method: .get, uri: self.group(group) + "/events?after=0", needs: .reader),
            GuardedRoute(method: .get, uri: accessControl(group), needs: .admin),
            GuardedRoute(method: .put, uri: accessControl(group), body: everyone, needs: .admin),
            GuardedRoute(method: .get, uri: accessControl("absent"), needs: .admin, normalRefusal: true),
            GuardedRoute(method: .get, uri: collectionAccessControl, needs: .admin),
            GuardedRoute(method: .put, uri: collectionAccessControl, body: everyone, needs: .admin),
            GuardedRoute(method: .delete, uri: session(group, "spare"), needs: .member),
            GuardedRoute(method: .delete, uri: self.group(deleteGroup), needs: .admin),
        ]
    }
}
