import BatonCore
import BatonStore
import Configuration
import Hummingbird
import Logging

/// The pieces of a running Baton that tests reach into.
public struct BatonRuntime: Sendable {
    public let settings: ServerSettings
    public let coordinator: any Coordinator
    /// Every route registered, as `METHOD /path/{param}` (Hummingbird's own list).
    public let routes: RouteTable
}

/// Builds the application from configuration: the production entry point.
public func buildApplication(reader: ConfigReader) async throws -> some ApplicationProtocol {
    try await buildApplication(settings: ServerSettings(reader: reader)).application
}

/// Builds the application: checks the settings are safe to serve, opens the store, restores
/// the engine, wires the routes. Tests pass a `TestClock` and `.manual` timer to drive time;
/// on PostgreSQL, where time is the database's, `clockSkew` is added to the database clock
/// (tests pass how far their TestClock has advanced; production adds nothing).
public func buildApplication(
    settings: ServerSettings,
    clock: any BatonClock = SystemClock(),
    clockSkew: @escaping @Sendable () -> Duration = { .zero },
    timerMode: TimerMode = .automatic,
    softStateFlushInterval: Duration = .seconds(1)
) async throws -> (application: some ApplicationProtocol, runtime: BatonRuntime) {
    try settings.validateExposure()
    let server = try ServerTransport.serverBuilder(settings: settings)
    var logger = Logger(label: "baton")
    logger.logLevel = settings.logLevel

    let coordinator: any Coordinator
    let principals: any PrincipalStore
    if let url = settings.postgresURL {
        let store = try await PostgresStore.open(url: url, logger: logger)
        var options = SharedCoordinator.Options()
        options.pollInterval = settings.pollInterval
        coordinator = try await SharedCoordinator(
            store: store, options: options, clockSkew: clockSkew, logger: logger, timerMode: timerMode)
        principals = store
    } else {
        let store = try SQLiteStore(directory: settings.dataDirectory)
        coordinator = try LocalCoordinator(clock: clock, store: store, logger: logger, timerMode: timerMode)
        principals = store
    }
    let authenticator = try await Authenticator(settings: settings, principals: principals, clock: clock)
    if settings.authentication == .required {
        try await FirstAdminHint.logIfNeeded(principals: principals, settings: settings, logger: logger)
    }

    let routes = RouteTable()
    let parts = RouterParts(
        coordinator: coordinator, authenticator: authenticator, rateLimits: RateLimits(settings: settings, clock: clock))
    let responder = CaseTolerantResponder(
        exact: buildRouter(parts, routes: routes, caseInsensitive: false).buildResponder(),
        tolerant: buildRouter(parts, routes: RouteTable(), caseInsensitive: true).buildResponder())

    let application = Application(
        responder: responder,
        server: server,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "baton"),
        services: [CoordinatorService(coordinator: coordinator, flushInterval: softStateFlushInterval)],
        onServerRunning: { [logger] channel in
            logger.notice("baton serving", metadata: [
                "address": "\(channel.localAddress.map { "\($0)" } ?? "?")",
                "store": "\(settings.postgresURL == nil ? "sqlite" : "postgresql")",
                "dataDir": "\(settings.postgresURL == nil ? settings.dataDirectory : "-")",
                "authentication": "\(settings.authentication.rawValue)",
                "tls": "\(settings.tlsCertificatePath != nil)",
            ])
        },
        logger: logger)
    return (application, BatonRuntime(settings: settings, coordinator: coordinator, routes: routes))
}

/// What the routes are built from.
struct RouterParts {
    let coordinator: any Coordinator
    let authenticator: Authenticator
    let rateLimits: RateLimits
}

/// The routes of every API. Registered twice: on an exact-case router that nearly every
/// request matches, and on a case-insensitive one for the rest (see `CaseTolerantResponder`).
/// `routes` is filled with the router's own list of routes once they are all registered.
func buildRouter(_ parts: RouterParts, routes: RouteTable, caseInsensitive: Bool) -> Router<BatonRequestContext> {
    let router = Router(context: BatonRequestContext.self, options: caseInsensitive ? .caseInsensitive : [])
    // Requests by route, method and the status answered, into swift-metrics, read by `/metrics`
    // (`BatonMetrics`): outermost, so it sees the error middleware's answers.
    _ = BatonMetrics.httpRegistry
    router.add(middleware: RequestMetricsMiddleware())
    router.add(middleware: ErrorResponseMiddleware(routeMissIsFinal: caseInsensitive, routes: routes))

    // Open to everyone: liveness, the API description, and the ways to obtain a token.
    let root = router.group("")
    ServiceController<BatonRequestContext>(coordinator: parts.coordinator).addRoutes(to: root)
    TokenController(authenticator: parts.authenticator).addRoutes(to: root)
    // The web dashboard's static files (docs/operator-guide.md): public, they hold no data.
    UIController<BatonRequestContext>().addRoutes(to: root)

    // Metrics: any authenticated principal when authentication is on (docs/operations.md).
    let metrics = router.group("metrics")
        .add(middleware: AuthenticationMiddleware(authenticator: parts.authenticator))
    MetricsController(coordinator: parts.coordinator).addRoutes(to: metrics)

    // Everything else needs a principal, and each principal gets its share of requests.
    let bases: [(String, ClientFailoverController.Scope)] = [
        ("api/v1/tenants/:tenantId/namespaces/:namespaceId", .cloud),
        ("api/v1-preview/tenants/:tenantId/namespaces/:namespaceId", .cloud),
        ("api/v1", .onPremises),
    ]
    for (base, scope) in bases {
        let controller = ClientFailoverController(coordinator: parts.coordinator, rateLimits: parts.rateLimits, scope: scope)
        let guarded = router.group(RouterPath(base))
            .add(middleware: AdmissionMiddleware(authenticator: parts.authenticator, limits: parts.rateLimits))
        controller.addRoutes(to: guarded.group("clientfailover"))
        controller.addCollectionRoutes(to: guarded)
    }

    // The HCX HA groups API: HCX error bodies (401 and 403 without one), same principals and limits.
    let hcxBase = "hybridity/api/interconnect"
    let hcx = router.group(RouterPath(hcxBase))
        .add(middleware: HCXErrorMiddleware<BatonRequestContext>())
        .add(middleware: AdmissionMiddleware(authenticator: parts.authenticator, limits: parts.rateLimits))
    HCXController(coordinator: parts.coordinator, rateLimits: parts.rateLimits)
        .addRoutes(to: hcx)
    routes.fill(from: router)
    return router
}
