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
        context.principal = try await Self.principal(of: request, authenticator: authenticator)
        return try await next(request, context)
    }

    /// Who sent the request, or the 401 with its challenge (`AdmissionMiddleware` runs it too).
    static func principal(of request: Request, authenticator: Authenticator) async throws -> Principal {
        do {
            return try await authenticator.authenticate(request)
        } catch {
            throw APIError(
                status: .unauthorized, error: "Authentication is required.", reason: "\(error.reason.prefix(1).uppercased() + error.reason.dropFirst()).",
                resolution: "Send HTTP Basic credentials, or a bearer token from POST /identity/connect/token.",
                headers: [.wwwAuthenticate: Self.challenge])
        }
    }
}
