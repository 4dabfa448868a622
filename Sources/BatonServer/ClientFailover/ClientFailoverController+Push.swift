import BatonCore
import BatonJSON
import BatonWire
import Hummingbird

/// Baton extensions of the Client Failover API: the group's history pushed as it happens,
/// member hints, and pause.
extension ClientFailoverController {
    func addPushRoutes(to routes: RouterGroup<Context>) {
        routes.on("events/stream", method: .get, use: namespaceStream)
        routes.on("groups/:groupId/events/stream", method: .get, use: eventStream)
        routes.on("groups/:groupId/clientsessions/:sessionId/hints", method: .get, use: hintStream)
        routes.on("groups/:groupId/clientsessions/:sessionId/primary", method: .get, use: primaryProbe)
        routes.on("groups/:groupId/clientsessions/:sessionId/primary", method: .head, use: primaryProbe)
        routes.on("groups/:groupId/pause", method: .post, use: pause)
        routes.on("groups/:groupId/resume", method: .post, use: resume)
    }

    /// `GET …/groups/{groupId}/events/stream`: Server-Sent Events of the group's history.
    @Sendable func eventStream(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let asked = try StreamRequest(request)
        return try await stream(of: key, after: asked.after, context: context) { event in
            ("\(event.sequence)", event.kind.rawValue, ClientFailoverWire.event(event))
        }
    }

    /// `GET …/clientfailover/events/stream`: every group of the namespace the principal may
    /// read. It opens with a `snapshot` of each group's role state and latest sequence, then
    /// sends each group's history from there (ids `groupId:sequence`). It does not resume: a
    /// client that reconnects gets a fresh snapshot (list, then watch); gap-free history of one
    /// group is its own stream's.
    @Sendable func namespaceStream(_ request: Request, context: Context) async throws -> Response {
        let (tenant, namespace) = try tenancy(context)
        return try await EventStreams.namespace(
            tenant: tenant, namespace: namespace, context: context, coordinator: coordinator,
            snapshot: { engine in
                let snapshot = try engine.overview(tenant: tenant, namespace: namespace)
                return (snapshot, "event: snapshot\ndata: \(ClientFailoverWire.snapshot(snapshot).jsonText)\n\n")
            },
            render: { event in
                var data = ClientFailoverWire.event(event)
                if case .object(var fields) = data {
                    fields["GroupId"] = .string(event.group.id)
                    data = .object(fields)
                }
                return ("\(event.group.id):\(event.sequence)", event.kind.rawValue, data)
            })
    }

    /// `GET …/clientsessions/{sessionId}/hints`: tells one member the moment it should
    /// heartbeat now (it was chosen, asked to step down, promoted or demoted). A hint is never
    /// a grant: the role comes only from a heartbeat answer (docs/lease-contract.md).
    @Sendable func hintStream(_ request: Request, context: Context) async throws -> Response {
        let (key, session) = try sessionKey(context)
        let asked = try StreamRequest(request)
        _ = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.member(session, in: key) }
        // Hints come as the change is committed (without `id:`), then again once it is.
        return try await stream(of: key, after: asked.after, context: context, upcoming: true) { event in
            MemberHint.hint(for: session, in: event).map { ("\(event.sequence)", "hint", ClientFailoverWire.hint($0, event: event)) }
        }
    }

    /// `GET|HEAD …/clientsessions/{sessionId}/primary`: 200 while the session holds the
    /// Primary role and its lease, else 503 (see `PrimaryProbe`).
    @Sendable func primaryProbe(_ request: Request, context: Context) async throws -> Response {
        let (key, session) = try sessionKey(context)
        let epoch = try await coordinator.perform(as: context.principal, on: .group(key)) {
            try $0.heldPrimaryEpoch(of: session, in: key)
        }
        return try PrimaryProbe.answer(epoch: epoch, member: session, head: request.method == .head, activeWord: "Primary")
    }

    @Sendable func pause(_ request: Request, context: Context) async throws -> Response {
        try await changePause(request, context: context, pausing: true)
    }

    @Sendable func resume(_ request: Request, context: Context) async throws -> Response {
        try await changePause(request, context: context, pausing: false)
    }

    private func changePause(_ request: Request, context: Context, pausing: Bool) async throws -> Response {
        let key = try groupKey(context)
        let asked = try PauseRequest(try await RequestBodyReader.optionalObject(from: request))
        let status = try await coordinator.perform(as: context.principal, on: .group(key)) { engine in
            _ = pausing ? try engine.pause(key, reason: asked.reason) : try engine.resume(key, reason: asked.reason)
            return try engine.status(of: key)
        }
        return .json(ClientFailoverWire.status(status))
    }

    private func stream(
        of key: GroupKey, after: Int64?, context: Context, upcoming: Bool = false, render: @escaping ServerSentEvents.Render
    ) async throws -> Response {
        try await EventStreams.group(key, after: after, context: context, coordinator: coordinator, upcoming: upcoming,
                                     render: render)
    }
}
