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
        do {
            context.principal = try await authenticator.authenticate(request)
        } catch {
            throw APIError(
                status: .unauthorized, error: "Authentication is required.", reason: "\(error.reason.prefix(1).uppercased() + error.reason.dropFirst()).",
                resolution: "Send HTTP Basic credentials, or a bearer token from POST /identity/connect/token.",
                headers: [.wwwAuthenticate: Self.challenge])
        }
        return try await next(request, context)
    }
}
