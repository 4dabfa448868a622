import BatonCore
import Hummingbird

/// Authenticates every request of the routes it guards and puts the principal in the
/// context. Missing or bad credentials are a 401 with a `WWW-Authenticate` challenge.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = BatonRequestContext

    static let challenge = #"Basic realm="baton", Bearer realm="baton""#

    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.principal = try await Self.principal(of: request, from: context.remoteAddress, authenticator: authenticator)
        return try await next(request, context)
    }

    /// Who sent the request, or the 401 with its challenge; a 429 when the credentials were
    /// not checked because too many checks were asked for (`SecretCheckLimits`).
    /// `AdmissionMiddleware` runs it too.
    static func principal(of request: Request, from address: String?, authenticator: Authenticator) async throws -> Principal {
        do {
            return try await authenticator.authenticate(request, from: address)
        } catch {
            if let retryAfter = error.retryAfter {
                throw RateLimits.tooManyRequests(
                    retryAfter: retryAfter, reason: "The credentials were not checked: \(error.reason).",
                    resolution: "Wait the Retry-After seconds; use a bearer token, or keep sending the same credentials, which are checked once.")
            }
            throw APIError(
                status: .unauthorized, error: "Authentication is required.", reason: "\(error.reason.prefix(1).uppercased() + error.reason.dropFirst()).",
                resolution: "Send HTTP Basic credentials, or a bearer token from POST /identity/connect/token.",
                headers: [.wwwAuthenticate: Self.challenge])
        }
    }
}
