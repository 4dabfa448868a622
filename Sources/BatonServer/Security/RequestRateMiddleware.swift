import BatonCore
import Hummingbird
import NIOCore

/// Applies the per-principal request limit (`RateLimits.admitRequest`) before the request
/// reaches a handler. Placed after `ErrorResponseMiddleware` (so its 429 gets the
/// `ErrorResponse` body and `Retry-After`) and after authentication (so the principal is
/// known: `principalOf` reads it from wherever authentication put it).
struct RequestRateMiddleware<Context: RequestContext>: RouterMiddleware {
    let limits: RateLimits
    /// Who is asking; `Principal.anonymous` when authentication is disabled.
    let principalOf: @Sendable (Request, Context) -> Principal
    /// The client's address, which keys anonymous requests. By default the context's
    /// `remoteAddress` when it conforms to `RemoteAddressRequestContext`, else unknown.
    let remoteAddressOf: @Sendable (Request, Context) -> String?

    init(limits: RateLimits,
         principalOf: @escaping @Sendable (Request, Context) -> Principal,
         remoteAddressOf: @escaping @Sendable (Request, Context) -> String? = Self.contextRemoteAddress) {
        self.limits = limits
        self.principalOf = principalOf
        self.remoteAddressOf = remoteAddressOf
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try limits.admitRequest(principal: principalOf(request, context), remoteAddress: remoteAddressOf(request, context))
        return try await next(request, context)
    }

    /// The peer's IP address (no port: a client reconnecting from a new port is the same client).
    @Sendable static func contextRemoteAddress(_ request: Request, _ context: Context) -> String? {
        guard let address = (context as? any RemoteAddressRequestContext)?.remoteAddress else { return nil }
        return address.ipAddress ?? "\(address)"
    }
}
