import BatonCore
import BatonWire
import Foundation
import HTTPTypes
import Hummingbird

/// Where credentials become tokens: the OAuth2 client-credentials endpoint cloud adapters
/// use, and the HCX session login.
struct TokenController {
    let authenticator: Authenticator

    func addRoutes(to routes: RouterGroup<BatonRequestContext>) {
        routes.on("identity/connect/token", method: .post, use: clientCredentials)
        routes.on("hybridity/api/sessions", method: .post, use: hcxLogin)
    }

    /// `POST /identity/connect/token` with `grant_type=client_credentials` and the client's
    /// id and secret, in the form or as HTTP Basic (RFC 6749 §2.3.1). Answers and errors in
    /// the RFC 6749 shapes.
    @Sendable func clientCredentials(_ request: Request, context: BatonRequestContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: RequestBodyReader.maximumBytes)
        let form = TokenRequests.formFields(String(buffer: buffer))
        guard form["grant_type"] == "client_credentials" else {
            return Self.oauthError(form["grant_type"] == nil ? "invalid_request" : "unsupported_grant_type",
                                   "grant_type must be client_credentials", status: .badRequest)
        }
        var clientID = form["client_id"]
        var secret = form["client_secret"]
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
           let (id, password) = TokenRequests.basicCredentials(String(header.dropFirst(6))) {
            clientID = id.removingPercentEncoding ?? id
            secret = password.removingPercentEncoding ?? password
        }
        guard let clientID, let secret else {
            return Self.oauthError("invalid_request", "client_id and client_secret are required", status: .badRequest)
        }
        let principal: Principal
        switch await authenticator.checkSecret(.client, id: clientID, secret: secret, from: context.remoteAddress) {
        case .verified(let verified):
            principal = verified
        case .refused:
            return Self.oauthError("invalid_client", "unknown client or wrong secret", status: .unauthorized,
                                   headers: [.wwwAuthenticate: #"Basic realm="baton""#])
        case .limited(let retryAfter, let reason):
            return Self.oauthError("temporarily_unavailable", "the secret was not checked: \(reason)", status: .tooManyRequests,
                                   headers: [.retryAfter: String(RateLimits.retryAfterSeconds(retryAfter))])
        }
        let (token, lifetime) = try await authenticator.issueToken(for: principal)
        return .json(
            .object([
                "access_token": .string(token), "token_type": .string("Bearer"),
                "expires_in": .number(Double(lifetime.components.seconds)),
            ]),
            headers: [.cacheControl: "no-store"])
    }

    /// `POST /hybridity/api/sessions {"username","password"}`: 200 with the session token
    /// in `x-hm-authorization`; 401 with no body, as HCX answers.
    @Sendable func hcxLogin(_ request: Request, context: BatonRequestContext) async throws -> Response {
        guard let body = try? await RequestBodyReader.object(from: request),
              case .string(let username)? = body[caseInsensitive: "username"],
              case .string(let password)? = body[caseInsensitive: "password"]
        else {
            return Response(status: .badRequest)
        }
        let principal: Principal
        switch await authenticator.checkSecret(.user, id: username, secret: password, from: context.remoteAddress) {
        case .verified(let verified): principal = verified
        case .refused: return Response(status: .unauthorized)
        case .limited(let retryAfter, _):
            return Response(status: .tooManyRequests, headers: [.retryAfter: String(RateLimits.retryAfterSeconds(retryAfter))])
        }
        let (token, lifetime) = try await authenticator.issueToken(for: principal)
        return .json(
            .object(["username": .string(principal.id), "expiresIn": .number(Double(lifetime.components.seconds))]),
            headers: [.hcxAuthorization: token, .cacheControl: "no-store"])
    }

    static func oauthError(_ code: String, _ description: String, status: HTTPResponse.Status,
                           headers: HTTPFields = [:]) -> Response {
        .json(.object(["error": .string(code), "error_description": .string(description)]), status: status,
              headers: headers)
    }
}
