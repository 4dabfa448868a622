import Foundation
import NIOHTTP1

/// A bearer token from `POST /identity/connect/token`.
public struct BearerToken: Sendable, Decodable {
    public var accessToken: String
    public var tokenType: String
    /// Seconds it was valid for when issued.
    public var expiresIn: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}

/// The token a `.clientCredentials` client last obtained, until shortly before it expires.
actor TokenCache {
    private var token: String?
    private var renewAt: ContinuousClock.Instant = .now

    func current(obtain: @Sendable () async throws -> BearerToken) async throws -> String {
        if let token, ContinuousClock.now < renewAt { return token }
        let fresh = try await obtain()
        token = fresh.accessToken
        // Renew when 90 % of the lifetime has passed, so a request never carries an expired one.
        renewAt = .now + .milliseconds(fresh.expiresIn * 900)
        return fresh.accessToken
    }
}

extension BatonClient {
    /// Exchanges an API client's id and secret for a bearer token (OAuth2 client
    /// credentials, `POST /identity/connect/token`). A wrong secret is a `BatonAPIError`
    /// with status 401 and code `invalid_client`.
    public func requestToken(clientID: String, secret: String) async throws -> BearerToken {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        let form = "grant_type=client_credentials&client_id=\(encoded(clientID))&client_secret=\(encoded(secret))"
        let request = try await makeRequest(
            .POST, "/identity/connect/token", body: Data(form.utf8),
            contentType: "application/x-www-form-urlencoded", authenticated: false)
        return try await execute(request).decode(BearerToken.self)
    }

    /// The `Authorization` header the configured credentials give, if any.
    func authorization() async throws -> String? {
        switch configuration.credentials {
        case .none:
            return nil
        case .basic(let username, let password):
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .bearer(let token):
            return "Bearer " + token
        case .clientCredentials(let clientID, let secret):
            let token = try await tokens.current { try await requestToken(clientID: clientID, secret: secret) }
            return "Bearer " + token
        }
    }
}
