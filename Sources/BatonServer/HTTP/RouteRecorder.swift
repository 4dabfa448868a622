import HTTPTypes
import Hummingbird
import Synchronization

/// Every route the application registers, as `METHOD /path/{param}`, so a test can hold
/// the OpenAPI document to what is really served.
public final class RouteRecorder: Sendable {
    private let recorded = Mutex<[String]>([])

    public init() {}

    public var routes: [String] { recorded.withLock { $0 } }

    func record(_ method: HTTPRequest.Method, _ path: String) {
        let normalized = path.split(separator: "/").map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }
        recorded.withLock { $0.append("\(method.rawValue) /" + normalized.joined(separator: "/")) }
    }
}

/// A router group that records each route it registers.
struct RecordingGroup<Context: RequestContext> {
    let group: RouterGroup<Context>
    let path: String
    let recorder: RouteRecorder

    func on(
        _ method: HTTPRequest.Method, _ subpath: String = "",
        use handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        recorder.record(method, subpath.isEmpty ? path : path + "/" + subpath)
        group.on(RouterPath(subpath), method: method, use: handler)
    }
}
