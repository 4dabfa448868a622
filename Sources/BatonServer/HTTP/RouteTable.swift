import HTTPTypes
import Hummingbird
import Synchronization

/// Every route a router holds, as `METHOD /path/{param}`, read from Hummingbird's own list
/// (`Router.routes`, the router's trie) once every route is registered. The 405 answer reads
/// it, and a test holds the OpenAPI document to it.
public final class RouteTable: Sendable {
    private let entries = Mutex<[String]>([])

    public init() {}

    public var routes: [String] { entries.withLock { $0 } }

    /// Replaces the table with the routes `router` holds now.
    func fill<Context>(from router: Router<Context>) {
        let routes = router.routes.map { "\($0.method.rawValue) \($0.path)" }
        entries.withLock { $0 = routes }
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

    private static let methodOrder: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]
}
