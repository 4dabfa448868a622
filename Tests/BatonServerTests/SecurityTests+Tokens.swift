import BatonCore
@testable import BatonServer
import BatonStore
import Foundation
import HTTPTypes
import JWTKit
import Testing

/// Bearer tokens from the OAuth2 client-credentials endpoint, and HCX session tokens.
@Suite struct TokenTests {
    static let clientSecret = "client-secret-0123456789"
    static let paths = SecuredPaths.onPremises

    /// A Baton with client `c1` (member) and the role users of tenant `default`.
    static func baton() throws -> (TestBaton, RoleUsers) {
        let baton = TestBaton.secured()
        try baton.addPrincipal(.client, "c1", tenant: "default", role: .member, secret: clientSecret)
        return (baton, try baton.addRoleUsers(tenant: "default"))
    }

    static func form(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }.joined(separator: "&")
    }

    static func requestToken(_ client: TestBaton.Client, _ fields: [String: String], as credentials: Credentials = .none) async throws -> TestBaton.Reply {
        try await client.send(.post, "/identity/connect/token", form(fields), as: credentials,
                              contentType: "application/x-www-form-urlencoded")
    }

    static func token(_ client: TestBaton.Client) async throws -> String {
        let reply = try await requestToken(client, ["grant_type": "client_credentials", "client_id": "c1", "client_secret": clientSecret])
        #expect(reply.status == .ok, "\(reply.text)")
        return try #require(try reply.string("access_token"))
    }

    @Test func clientCredentialsGiveAWorkingBearerToken() async throws {
        let (baton, _) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let reply = try await Self.requestToken(client, ["grant_type": "client_credentials", "client_id": "c1", "client_secret": Self.clientSecret])
            #expect(reply.status == .ok)
            #expect(try reply.string("token_type") == "Bearer")
            #expect(try reply.number("expires_in") == 3600)
            #expect(reply.headers[.cacheControl] == "no-store")
            let token = try #require(try reply.string("access_token"))
            #expect(try await client.send(.get, Self.paths.groups, as: .bearer(token)).status == .ok)

            // HTTP Basic client authentication works as well (RFC 6749 §2.3.1).
            let basic = try await Self.requestToken(client, ["grant_type": "client_credentials"],
                                                    as: .basic(user: "c1", password: Self.clientSecret))
            #expect(basic.status == .ok, "\(basic.text)")
            let other = try #require(try basic.string("access_token"))
            #expect(try await client.send(.get, Self.paths.groups, as: .bearer(other)).status == .ok)

            // The token carries the client's role: a member cannot create a group.
            #expect(try await client.send(.post, Self.paths.groups, groupBody("g"), as: .bearer(token)).status == .forbidden)
        }
    }

    @Test func anExpiredTokenIs401() async throws {
        let (baton, _) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let token = try await Self.token(client)
            await client.advance(by: .seconds(3599))
            #expect(try await client.send(.get, Self.paths.groups, as: .bearer(token)).status == .ok)
            await client.advance(by: .seconds(2))
            let reply = try await client.send(.get, Self.paths.groups, as: .bearer(token))
            try reply.expectRefusal(.unauthorized)
            #expect(reply.headers[.testWWWAuthenticate] != nil)
        }
    }

    @Test func aTamperedTokenIs401() async throws {
        let (baton, _) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let token = try await Self.token(client)
            var parts = token.split(separator: ".").map(String.init)
            #expect(parts.count == 3)
            // Flip a character in the middle of the signature (the last one may only carry padding bits).
            var signature = Array(parts[2])
            let middle = signature.count / 2
            signature[middle] = signature[middle] == "A" ? "B" : "A"
            parts[2] = String(signature)
            try await client.send(.get, Self.paths.groups, as: .bearer(parts.joined(separator: "."))).expectRefusal(.unauthorized)

            // A payload changed to claim admin, with the old signature, fails as well.
            var payload = try #require(Data(base64URL: token.split(separator: ".")[1]))
            let text = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: #""role":"member""#, with: #""role":"admin""#)
            payload = Data(text.utf8)
            let forged = [String(token.split(separator: ".")[0]), payload.base64URL, String(token.split(separator: ".")[2])].joined(separator: ".")
            try await client.send(.post, Self.paths.groups, groupBody("g"), as: .bearer(forged)).expectRefusal(.unauthorized)
        }
    }

    /// Claims shaped like Baton's, signed here.
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var iss: IssuerClaim
        var aud: AudienceClaim
        var iat: IssuedAtClaim
        var exp: ExpirationClaim
        var kind: String
        var tenant: String
        var role: String
        var secret: String

        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    static func sign(key: [UInt8], secret: String, issuer: String = "baton", audience: String = "baton", now: Date) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: key), digestAlgorithm: .sha256)
        return try await keys.sign(Claims(
            sub: .init(value: "c1"), iss: .init(value: issuer), aud: .init(value: [audience]), iat: .init(value: now),
            exp: .init(value: now.addingTimeInterval(600)), kind: "client", tenant: "default", role: "member",
            secret: secret))
    }

    @Test func tokensOfAnotherAudienceIssuerOrKeyAre401() async throws {
        let (baton, _) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let key = try baton.adminStore().signingKey()
            let stored = try #require(try baton.adminStore().principal(.client, id: "c1"))
            let secret = Authenticator.fingerprint(stored.secretHash)
            let now = client.clock.now().wall
            // The control: the right key, issuer, audience and secret fingerprint are accepted.
            let good = try await Self.sign(key: key, secret: secret, now: now)
            #expect(try await client.send(.get, Self.paths.groups, as: .bearer(good)).status == .ok)

            let otherKey = (0..<32).map { _ in UInt8.random(in: 0...255) }
            let bad: [(String, String)] = [
                ("wrong audience", try await Self.sign(key: key, secret: secret, audience: "someone-else", now: now)),
                ("wrong issuer", try await Self.sign(key: key, secret: secret, issuer: "https://idp.example", now: now)),
                ("other key", try await Self.sign(key: otherKey, secret: secret, now: now)),
                ("secret replaced since", try await Self.sign(key: key, secret: "0000000000000000", now: now)),
            ]
            for (name, token) in bad {
                let reply = try await client.send(.get, Self.paths.groups, as: .bearer(token))
                #expect(reply.status == .unauthorized, "\(name): \(reply.status) \(reply.text)")
            }
        }
    }

    @Test func aRemovedClientsTokenIs401() async throws {
        let (baton, _) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let token = try await Self.token(client)
            #expect(try await client.send(.get, Self.paths.groups, as: .bearer(token)).status == .ok)
            #expect(try baton.adminStore().deletePrincipal(.client, id: "c1"))
            try await client.send(.get, Self.paths.groups, as: .bearer(token)).expectRefusal(.unauthorized)
            // And it cannot get a new one.
            let again = try await Self.requestToken(client, ["grant_type": "client_credentials", "client_id": "c1", "client_secret": Self.clientSecret])
            #expect(again.status == .unauthorized)
        }
    }

    @Test func replacingAClientsSecretEndsItsOlderTokens() async throws {
        let (baton, _) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let token = try await Self.token(client)
            #expect(try await client.send(.get, Self.paths.groups, as: .bearer(token)).status == .ok)
            var record = try #require(try baton.adminStore().principal(.client, id: "c1"))
            record.secretHash = SecretHasher.hash("a-new-secret-of-enough-length", cost: 4)
            try baton.adminStore().savePrincipal(record)
            try await client.send(.get, Self.paths.groups, as: .bearer(token)).expectRefusal(.unauthorized)
        }
    }

    @Test func hcxLoginGivesASessionTokenAcceptedInEitherHeader() async throws {
        let (baton, users) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let body = #"{"username":\#(json(users.name(.operator))),"password":\#(json(users.password(.operator)))}"#
            let login = try await client.send(.post, "/hybridity/api/sessions", body, as: .none)
            #expect(login.status == .ok)
            let token = try #require(login.headers[HTTPField.Name("x-hm-authorization")!])
            #expect(try await client.send(.get, Self.paths.groups, as: .hcx(token)).status == .ok)
            #expect(try await client.send(.get, Self.paths.groups, as: .bareAuthorization(token)).status == .ok)
            #expect(try await client.send(.get, Self.paths.groups, as: .bearer(token)).status == .ok)
            // The session acts with the user's role: an operator cannot create a group.
            #expect(try await client.send(.post, Self.paths.groups, groupBody("g"), as: .hcx(token)).status == .forbidden)
        }
    }

    @Test func hcxLoginRefusalsHaveNoBody() async throws {
        let (baton, users) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let wrong = #"{"username":\#(json(users.name(.admin))),"password":"wrong"}"#
            let refused = try await client.send(.post, "/hybridity/api/sessions", wrong, as: .none)
            #expect(refused.status == .unauthorized)
            #expect(refused.text.isEmpty, "body: \(refused.text)")
            #expect(refused.headers[HTTPField.Name("x-hm-authorization")!] == nil)
            let unknown = try await client.send(.post, "/hybridity/api/sessions", #"{"username":"ghost","password":"x"}"#, as: .none)
            #expect(unknown.status == .unauthorized)
            #expect(unknown.text.isEmpty)
            let malformed = try await client.send(.post, "/hybridity/api/sessions", #"{"username":1}"#, as: .none)
            #expect(malformed.status == .badRequest)
        }
    }

    @Test func tokenEndpointErrorsFollowRFC6749() async throws {
        let (baton, _) = try Self.baton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let grant = try await Self.requestToken(client, ["grant_type": "password", "client_id": "c1", "client_secret": Self.clientSecret])
            #expect(grant.status == .badRequest)
            #expect(try grant.string("error") == "unsupported_grant_type")

            let missing = try await Self.requestToken(client, ["client_id": "c1"])
            #expect(missing.status == .badRequest)
            #expect(try missing.string("error") == "invalid_request")

            let noSecret = try await Self.requestToken(client, ["grant_type": "client_credentials", "client_id": "c1"])
            #expect(noSecret.status == .badRequest)
            #expect(try noSecret.string("error") == "invalid_request")

            for fields in [["client_id": "c1", "client_secret": "wrong"], ["client_id": "ghost", "client_secret": Self.clientSecret]] {
                let reply = try await Self.requestToken(client, fields.merging(["grant_type": "client_credentials"]) { a, _ in a })
                #expect(reply.status == .unauthorized, "\(fields)")
                #expect(try reply.string("error") == "invalid_client")
                #expect(reply.headers[.testWWWAuthenticate] != nil)
                #expect(try reply.string("access_token") == nil)
            }
            // A user's password is not a client secret.
            let user = try await Self.requestToken(client, ["grant_type": "client_credentials", "client_id": "admin-default", "client_secret": "pw-admin"])
            #expect(user.status == .unauthorized)
        }
    }
}

extension Data {
    init?(base64URL text: some StringProtocol) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }

    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
