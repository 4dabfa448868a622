import BatonCore
import BatonStore
import Configuration
import Hummingbird
import Logging

/// The pieces of a running Baton that tests reach into.
public struct BatonRuntime: Sendable {
    public let settings: ServerSettings
    public let coordinator: Coordinator
    /// Every route registered, as `METHOD /path/{param}`.
    public let routes: RouteRecorder
}

/// Builds the application from configuration: the production entry point.
public func buildApplication(reader: ConfigReader) throws -> some ApplicationProtocol {
    try buildApplication(settings: ServerSettings(reader: reader)).application
}

/// Builds the application: opens the store, restores the engine, wires the routes.
/// Tests pass a `TestClock` and `.manual` timer to drive time themselves.
public func buildApplication(
    settings: ServerSettings,
    clock: any BatonClock = SystemClock(),
    timerMode: Coordinator.TimerMode = .automatic,
    softStateFlushInterval: Duration = .seconds(1)
) throws -> (application: some ApplicationProtocol, runtime: BatonRuntime) {
    var logger = Logger(label: "baton")
    logger.logLevel = settings.logLevel

    let store = try SQLiteStore(directory: settings.dataDirectory)
    let coordinator = try Coordinator(clock: clock, store: store, logger: logger, timerMode: timerMode)
    let routes = RouteRecorder()
    let responder = CaseTolerantResponder(
        exact: buildRouter(coordinator: coordinator, routes: routes, caseInsensitive: false).buildResponder(),
        tolerant: buildRouter(coordinator: coordinator, routes: RouteRecorder(), caseInsensitive: true).buildResponder())

    let application = Application(
        responder: responder,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "baton"),
        services: [CoordinatorService(coordinator: coordinator, flushInterval: softStateFlushInterval)],
        onServerRunning: { [logger] channel in
            logger.notice("baton serving", metadata: [
                "address": "\(channel.localAddress.map { "\($0)" } ?? "?")",
                "dataDir": "\(settings.dataDirectory)", "store": "sqlite",
            ])
        },
        logger: logger)
    return (application, BatonRuntime(settings: settings, coordinator: coordinator, routes: routes))
}

/// The routes of every API. Registered twice: on an exact-case router that nearly every
/// request matches, and on a case-insensitive one for the rest (see `CaseTolerantResponder`).
func buildRouter(coordinator: Coordinator, routes: RouteRecorder, caseInsensitive: Bool) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self, options: caseInsensitive ? .caseInsensitive : [])
    router.add(middleware: ErrorResponseMiddleware(routeMissIsFinal: caseInsensitive))

    let root = RecordingGroup(group: router.group(""), path: "", recorder: routes)
    ServiceController<BasicRequestContext>().addRoutes(to: root)

    let prefixes: [(String, ClientFailoverController<BasicRequestContext>.Scope)] = [
        ("api/v1/tenants/:tenantId/namespaces/:namespaceId/clientfailover", .cloud),
        ("api/v1-preview/tenants/:tenantId/namespaces/:namespaceId/clientfailover", .cloud),
        ("api/v1/clientfailover", .onPremises),
    ]
    for (prefix, scope) in prefixes {
        let group = RecordingGroup(group: router.group(RouterPath(prefix)), path: prefix, recorder: routes)
        ClientFailoverController(coordinator: coordinator, scope: scope).addRoutes(to: group)
    }
    return router
}
