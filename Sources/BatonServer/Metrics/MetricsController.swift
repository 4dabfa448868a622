import BatonCore
import Hummingbird

/// `GET /metrics`: the Prometheus text format. Gauges that describe the whole store (groups,
/// groups without a Primary, paused groups) are read when scraped; the rest are counted as
/// things happen.
struct MetricsController {
    let coordinator: any Coordinator

    func addRoutes(to routes: RouterGroup<BatonRequestContext>) {
        routes.on("", method: .get) { [coordinator] _, _ in
            let metrics = coordinator.metrics
            if let counts = await coordinator.groupCounts() {
                metrics.groups.set(to: Double(counts.groups))
                metrics.groupsWithoutPrimary.set(to: Double(counts.withoutPrimary))
                metrics.groupsPaused.set(to: Double(counts.paused))
            }
            metrics.openStreams.set(to: Double(coordinator.eventHub.openSubscriptions))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.emit())))
        }
    }
}

extension Role {
    /// The heartbeat outcome label of an answer with this role.
    var metricsOutcome: String {
        switch self {
        case .primary: "primary"
        case .secondary: "secondary"
        case .pendingPrimary: "pending"
        }
    }
}

extension BatonMetrics {
    /// The heartbeat outcome label of a refusal: bounded, by kind.
    static func refusalOutcome(_ error: any Error) -> String {
        switch error {
        case let failure as CoordinationFailure:
            switch failure {
            case .storeUnavailable: return "unavailable"
            case .outcomeUnknown: return "unknown"
            }
        case let engine as EngineError:
            switch engine {
            case .groupNotFound, .memberNotFound, .applianceNotFound: return "not_found"
            case .forbidden: return "forbidden"
            default: return "refused"
            }
        case let api as APIError where api.status == .tooManyRequests:
            return "rate_limited"
        default:
            return "refused"
        }
    }
}
