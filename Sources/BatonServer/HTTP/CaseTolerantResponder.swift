import Hummingbird

/// Paths match case-insensitively (`clientSessions` appeared in older vendor versions) while
/// captured ids keep their case. Hummingbird's case-insensitive matching lower-cases each
/// character as it compares, which on a long heartbeat path costs more than the rest of the
/// routing; so a request goes to an exact-case router first and only a path that router
/// does not know goes to the case-insensitive one. Both carry the same routes.
struct CaseTolerantResponder<Context: RequestContext>: HTTPResponder {
    let exact: RouterResponder<Context>
    let tolerant: RouterResponder<Context>

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await exact.respond(to: request, context: context)
        } catch is RouteMiss {
            return try await tolerant.respond(to: request, context: context)
        }
    }
}

/// The exact-case router knows no route for this path and method.
struct RouteMiss: Error {}
