import BatonCore
import BatonServer
import Foundation
import HTTPTypes
import Testing

/// Who may call what: every Client Failover and access-control route, for nobody and for
/// each role, under the on-premises prefix and a cloud prefix.
@Suite struct RoleMatrixTests {
    enum Caller: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case unauthenticated, reader, member, `operator`, admin

        var role: AccessRole? { AccessRole(name: rawValue) }
        var testDescription: String { rawValue }
    }

    enum Prefix: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case onPremises, cloud

        var paths: SecuredPaths { self == .onPremises ? .onPremises : .cloud(tenant: "t1") }
        var tenant: String { self == .onPremises ? "default" : "t1" }
        var testDescription: String { rawValue }
    }

    @Test(arguments: Prefix.allCases, Caller.allCases)
    func everyRouteAnswersByRole(prefix: Prefix, caller: Caller) async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: prefix.tenant)
        let paths = prefix.paths
        try await baton.run { client in
            try await paths.prepare(client, as: users.admin)
            let credentials = caller.role.map(users.credentials) ?? .none
            for route in paths.guardedRoutes() {
                let reply = try await client.send(route.method, route.uri, route.body, as: credentials)
                let context = "\(caller.rawValue) \(route): \(reply.status) \(reply.text)"
                guard let role = caller.role else {
                    try reply.expectErrorResponse(.unauthorized)
                    #expect(reply.headers[.testWWWAuthenticate]?.contains("Basic") == true, "\(context)")
                    continue
                }
                if role < route.needs {
                    #expect(reply.status == .forbidden, "\(context)")
                    try reply.expectErrorResponse(.forbidden)
                } else if route.normalRefusal {
                    #expect(reply.status != .unauthorized && reply.status != .forbidden, "\(context)")
                    #expect(reply.status == .notFound, "\(context)")
                } else {
                    #expect(reply.status.kind == .successful, "\(context)")
                }
            }
        }
    }

    @Test func aMemberAdapterCanRepostItsGroupButNotCreateOne() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "default")
        let paths = SecuredPaths.onPremises
        try await baton.run { client in
            let member = users.credentials(.member)
            #expect(try await client.send(.post, paths.groups, groupBody("g"), as: member).status == .forbidden)
            #expect(try await client.send(.post, paths.groups, groupBody("g"), as: users.admin).status == .created)
            #expect(try await client.send(.post, paths.groups, groupBody("g"), as: member).status == .ok)
            // A different configuration under the same id is a change: still the admin's.
            let changed = try await client.send(.post, paths.groups, groupBody("g", timeout: "00:00:20"), as: member)
            #expect(changed.status == .forbidden || changed.status == .conflict, "\(changed.status) \(changed.text)")
        }
    }

    @Test func badCredentialsAre401WithAChallenge() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "default")
        try await baton.run { client in
            let attempts: [(String, Credentials, HTTPFields)] = [
                ("none", .none, [:]),
                ("wrong password", .basic(user: users.name(.admin), password: "nope"), [:]),
                ("unknown user", .basic(user: "ghost", password: "pw-admin"), [:]),
                ("garbage bearer", .bearer("not.a.token"), [:]),
                ("not base64", .none, [.authorization: "Basic %%%"]),
                ("unsupported scheme", .none, [.authorization: "Digest abc"]),
            ]
            for (name, credentials, extra) in attempts {
                let reply = try await client.send(.get, SecuredPaths.onPremises.groups, as: credentials, headers: extra)
                #expect(reply.status == .unauthorized, "\(name): \(reply.status)")
                try reply.expectRefusal(.unauthorized)
                let challenge = reply.headers[.testWWWAuthenticate] ?? ""
                #expect(challenge.contains("Basic") && challenge.contains("Bearer"), "\(name): \(challenge)")
            }
            // The open endpoints need nothing.
            #expect(try await client.send(.get, "/health", as: .none).status == .ok)
            #expect(try await client.send(.get, "/openapi.yaml", as: .none).status == .ok)
        }
    }

    @Test func heartbeatsBeyondTheSessionRateAre429WithRetryAfter() async throws {
        let baton = TestBaton.secured { $0.heartbeatRate = 1 }
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "default")
        let paths = SecuredPaths.onPremises
        try await baton.run { client in
            let member = users.credentials(.member)
            try await client.expectSuccess(.post, paths.groups, groupBody("g"), as: users.admin)
            try await client.expectSuccess(.post, paths.sessions("g"), #"{"Id":"s"}"#, as: member)
            var replies: [TestBaton.Reply] = []
            for _ in 0..<4 {
                replies.append(try await client.send(.post, paths.heartbeat("g", "s"), #"{"FailoverScore":100}"#, as: member))
            }
            #expect(replies[0].status == .ok)
            let limited = try #require(replies.first { $0.status == .tooManyRequests },
                                       "no 429 among \(replies.map(\.status))")
            try limited.expectRefusal(.tooManyRequests)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect(retryAfter >= 1)
            // After the wait, heartbeats are admitted again.
            await client.advance(by: .seconds(retryAfter))
            #expect(try await client.send(.post, paths.heartbeat("g", "s"), #"{"FailoverScore":100}"#, as: member).status == .ok)
        }
    }
}

extension HTTPField.Name {
    static let testWWWAuthenticate = HTTPField.Name("WWW-Authenticate")!
}
