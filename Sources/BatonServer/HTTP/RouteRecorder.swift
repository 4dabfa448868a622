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

    /// The methods of every route whose path matches `path` (segments compared
    /// case-insensitively, as the tolerant router does; a `{param}` segment matches any
    /// segment), in a fixed order; empty when no route has this path. Used only after the
    /// routers found no route, to tell 405 (a known path, another method) from 404.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        var found: Set<String> = []
        for route in routes {
            let parts = route.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let pattern = parts[1].split(separator: "/")
            guard pattern.count == segments.count else { continue }
            let matches = zip(pattern, segments).allSatisfy { expected, actual in
                expected.hasPrefix("{") || expected.lowercased() == actual.lowercased()
            }
            if matches { found.insert(String(parts[0])) }
        }
        return Self.methodOrder.filter { found.contains($0.rawValue) }
    }

    private static let methodOrder: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
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
