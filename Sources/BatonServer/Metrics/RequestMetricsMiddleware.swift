import CoreMetrics
import Hummingbird
import Synchronization

/// Counts and times every answered request by route, method and status, through swift-metrics
/// into `BatonMetrics.httpRegistry`, under the names Hummingbird's own `MetricsMiddleware`
/// gives them (docs/operations.md, "Metrics"). Two differences, both why this exists:
///
/// - An answer whose body has a known length is counted when the router hands it back, and
///   its body is left as it is. Hummingbird writes such an answer's head and body to the
///   socket in one write only when the body is a plain buffer; its `MetricsMiddleware` wraps
///   every body in a closure to time the write as well, which made every answer two writes
///   (Benchmarks/README.md, "One write per answer"). A streamed body (events, long polls) is
///   still counted when it ends.
/// - It is the outermost middleware, so it counts the status the client gets: the error
///   middleware's 401, 404, 405 or 429, where Hummingbird's counted any error it did not know
///   as 500. A path the exact-case router does not know (`RouteMiss`) is not counted there:
///   the case-insensitive router answers it and counts it once.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let instruments = RouteInstruments()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let active = instruments.active(request.method)
        active.increment()
        let response: Response
        do {
            response = try await next(request, context)
        } catch is RouteMiss {
            active.decrement()
            throw RouteMiss()
        } catch {
            // The error middleware answers every error; one that escapes it ends the connection.
            instruments.endpoint(context.endpointPath, request.method, .internalServerError)
                .answered(after: started.duration(to: .now))
            active.decrement()
            throw error
        }
        let endpoint = instruments.endpoint(context.endpointPath, request.method, response.status)
        guard response.body.contentLength == nil else {
            endpoint.answered(after: started.duration(to: .now))
            active.decrement()
            return response
        }
        var streamed = response
        let body = response.body
        streamed.body = ResponseBody { writer in
            // Counted when the stream ends, however it ends.
            defer {
                endpoint.answered(after: started.duration(to: .now))
                active.decrement()
            }
            try await body.write(writer)
        }
        return streamed
    }
}

/// The swift-metrics instruments of each route, method and status, made once: the factory's
/// own lookup takes a lock and builds the labels on every call.
final class RouteInstruments: Sendable {
    struct Endpoint: Sendable {
        let requests: Counter
        /// For a 4xx or 5xx status only.
        let errors: Counter?
        let duration: Timer

        func answered(after duration: Duration) {
            requests.increment()
            errors?.increment()
            self.duration.recordNanoseconds(max(0, duration.nanoseconds))
        }
    }

    private struct EndpointKey: Hashable {
        let route: String?
        let method: HTTPRequest.Method
        let status: Int
    }

    private let endpoints = Mutex<[EndpointKey: Endpoint]>([:])
    private let activeRequests = Mutex<[HTTPRequest.Method: Meter]>([:])

    func active(_ method: HTTPRequest.Method) -> Meter {
        let method = Self.bounded(method)
        return activeRequests.withLock { meters in
            if let meter = meters[method] { return meter }
            let meter = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)])
            meters[method] = meter
            return meter
        }
    }

    /// `route` is the matched route's path; nil when no route matched ("NotFound").
    func endpoint(_ route: String?, _ method: HTTPRequest.Method, _ status: HTTPResponse.Status) -> Endpoint {
        let method = Self.bounded(method)
        let key = EndpointKey(route: route, method: method, status: status.code)
        return endpoints.withLock { endpoints in
            if let endpoint = endpoints[key] { return endpoint }
            let dimensions = [
                ("http.route", route ?? "NotFound"),
                ("http.request.method", method.rawValue),
                ("http.response.status_code", String(status.code)),
            ]
            let endpoint = Endpoint(
                requests: Counter(label: "hb.requests", dimensions: dimensions),
                errors: status.code < 400 ? nil : Counter(label: "hb.request.errors", dimensions: [
                    ("http.route", route ?? "NotFound"),
                    ("http.request.method", method.rawValue),
                    ("error.type", String(status.code)),
                ]),
                duration: Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds))
            endpoints[key] = endpoint
            return endpoint
        }
    }
}

extension RouteInstruments {
    /// Any method a client makes up would be a new series of every metric: those are `_OTHER`.
    static func bounded(_ method: HTTPRequest.Method) -> HTTPRequest.Method {
        switch method {
        case .get, .head, .post, .put, .delete, .patch, .options, .connect, .trace: method
        default: other
        }
    }

    static let other = HTTPRequest.Method("_OTHER")!
}

private extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}
