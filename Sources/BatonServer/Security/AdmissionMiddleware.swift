import BatonCore
import Hummingbird

/// What every request of the two APIs passes before its handler, in this order: the
/// cross-site check (`CrossSiteRequests`, 403), authentication (401 with a challenge), and
/// the principal's share of requests (`RateLimits.admitRequest`, 429 with `Retry-After`;
/// anonymous requests are counted per peer IP address). It runs after the APIs' error
/// middleware, so each refusal gets its API's error body.
///
/// One middleware rather than three in a row: each layer of Hummingbird's chain costs a
/// heartbeat executor switches of its own (Benchmarks/README.md, "Executor switches").
struct AdmissionMiddleware: RouterMiddleware {
    typealias Context = BatonRequestContext

    let authenticator: Authenticator
    let limits: RateLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try CrossSiteRequests.admit(request.head)
        var context = context
        context.principal = try await AuthenticationMiddleware.principal(of: request, from: context.remoteAddress, authenticator: authenticator)
        try limits.admitRequest(principal: context.principal, remoteAddress: context.remoteAddress)
        return try await next(request, context)
    }
}
