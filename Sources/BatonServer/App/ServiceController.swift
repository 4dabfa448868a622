import BatonCore
import Hummingbird

/// Baton's own endpoints: probes of the process and the store, and the API description.
struct ServiceController<Context: RequestContext> {
    let coordinator: any Coordinator

    /// How long a probe waits for the coordinator before it counts as wedged.
    static var probeLimit: Duration { .seconds(1) }

    func addRoutes(to routes: RouterGroup<Context>) {
        // The process serves HTTP; nothing else is looked at (kept for existing monitors).
        routes.on("health", method: .get) { _, _ in Response.json(.object(["Status": .string("Good")])) }
        // The process and its coordinator (and the coordinator's timer) are alive.
        routes.on("livez", method: .get) { [coordinator] _, _ in
            await Self.probe { await coordinator.livenessProblem() }
        }
        // The store answers and this instance serves requests that need it.
        routes.on("readyz", method: .get) { [coordinator] _, _ in
            await Self.probe { await coordinator.readinessProblem() }
        }
        routes.on("openapi.yaml", method: .get) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }

    /// 200 `{"Status":"Good"}`, or 503 with the reason — also when the coordinator does not
    /// answer within `probeLimit` (a wedged actor answers nothing at all).
    private static func probe(_ check: @escaping @Sendable () async -> String?) async -> Response {
        let problem: String?
        do {
            problem = try await SharedCoordinator.withinDeadline(probeLimit, check)
        } catch {
            problem = "the coordinator did not answer within \(probeLimit)"
        }
        guard let reason = problem else {
            return .json(.object(["Status": .string("Good")]), headers: [.cacheControl: "no-store"])
        }
        return .json(.object(["Status": .string("Unavailable"), "Reason": .string(reason)]),
                     status: .serviceUnavailable, headers: [.cacheControl: "no-store"])
    }
}
