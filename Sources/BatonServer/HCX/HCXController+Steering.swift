import BatonCore
import BatonJSON
import BatonWire
import Foundation
import Hummingbird
import Synchronization

/// Baton's extensions of the HCX API that steer and watch HA groups as the Client Failover
/// API steers and watches its groups: pause and resume, role overrides (a STANDBY override is
/// a drain), the group's history in pages, and its history pushed as Server-Sent Events. They
/// call the same engine operations as the Client Failover routes; only the words differ.
extension HCXController {
    func addExtensionRoutes(to routes: RouterGroup<Context>) {
        routes.on("appliances/ha/groups/:groupId/pause", method: .post, use: pause)
        routes.on("appliances/ha/groups/:groupId/resume", method: .post, use: resume)
        routes.on("appliances/ha/groups/:groupId/appliances/:applianceId/roleOverride", method: .post, use: roleOverride)
        routes.on("appliances/ha/groups/:groupId/events", method: .get, use: groupEvents)
        routes.on("appliances/ha/groups/:groupId/events/stream", method: .get, use: groupEventStream)
        routes.on("appliances/ha/events/stream", method: .get, use: tenantEventStream)
    }

    private func groupKey(_ context: Context) throws -> GroupKey {
        HAGroups.key(tenant: Self.tenant(context), id: try PathID.read("groupId", context))
    }

    // MARK: Pause and resume

    /// `POST …/ha/groups/{groupId}/pause {reason?}`: the engine's pause (DESIGN.md "Pause");
    /// answers the group.
    @Sendable func pause(_ request: Request, context: Context) async throws -> Response {
        try await changePause(request, context: context, pausing: true)
    }

    @Sendable func resume(_ request: Request, context: Context) async throws -> Response {
        try await changePause(request, context: context, pausing: false)
    }

    private func changePause(_ request: Request, context: Context, pausing: Bool) async throws -> Response {
        let key = try groupKey(context)
        let asked = try PauseRequest(try await RequestBodyReader.optionalObject(from: request))
        let tenant = key.tenant
        let group = try await coordinator.perform(as: context.principal, on: .group(key)) { engine in
            _ = pausing ? try engine.pause(key, reason: asked.reason) : try engine.resume(key, reason: asked.reason)
            return try Self.haGroup(key, tenant: tenant, engine)
        }
        return .json(group.json)
    }

    // MARK: Role overrides

    /// `POST …/ha/groups/{groupId}/appliances/{applianceId}/roleOverride {value, expirationPeriod?}`:
    /// the engine's role override — ACTIVE makes the appliance the desired ACTIVE, STANDBY
    /// drains it, OFF clears.
    @Sendable func roleOverride(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let appliance = try PathID.read("applianceId", context)
        let (value, expiration) = try HCXRequests.roleOverride(try await RequestBodyReader.object(from: request))
        let answer = try await coordinator.perform(as: context.principal, on: .group(key)) {
            try $0.setRoleOverride(value, expiration: expiration, on: appliance, in: key)
        }
        return .json(HCXWire.roleOverride(appliance, answer))
    }

    // MARK: History

    /// `GET …/ha/groups/{groupId}/events?offset=&pageSize=`: one page of the group's history,
    /// oldest first, as timeline events, with the total.
    @Sendable func groupEvents(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let offset = try QueryParameter.integer("offset", request, default: 0, range: 0...Int(Int32.max))
        let pageSize = try QueryParameter.integer("pageSize", request, default: 100, range: 0...1000)
        let name = try await coordinator.perform(as: context.principal, on: .group(key)) { engine in
            try engine.configuration(of: key).name ?? key.id
        }
        let page = try await coordinator.events(of: key, skip: offset, count: pageSize, as: context.principal)
        return .json(.object([
            "items": .array(page.events.map { HCXWire.timelineEvent($0, groupName: name) }),
            "paging": .object([
                "offset": .number(Double(offset)), "pageSize": .number(Double(pageSize)), "totalSize": .number(Double(page.total)),
            ]),
        ]))
    }

    /// `GET …/ha/groups/{groupId}/events/stream`: the group's history as Server-Sent Events,
    /// each a timeline event, `id:` its sequence; resumes after `Last-Event-ID` or `?after=`.
    @Sendable func groupEventStream(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let asked = try StreamRequest(request)
        let name = try await coordinator.perform(as: context.principal, on: .group(key)) { engine in
            try engine.configuration(of: key).name ?? key.id
        }
        return try await EventStreams.group(key, after: asked.after, context: context, coordinator: coordinator) { event in
            ("\(event.sequence)", event.kind.rawValue, HCXWire.timelineEvent(event, groupName: name))
        }
    }

    /// `GET …/appliances/ha/events/stream`: every HA group of the tenant the principal may read.
    /// It opens with a `snapshot` (`{"items":[haGroup with lastSequence]}`), then each group's
    /// events as timeline events, ids `groupId:sequence`. It does not resume: a client that
    /// reconnects gets a fresh snapshot.
    @Sendable func tenantEventStream(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let names = GroupNames()
        return try await EventStreams.namespace(
            tenant: tenant, namespace: HAGroups.namespace, context: context, coordinator: coordinator,
            snapshot: { engine in
                let overview = try engine.overview(tenant: tenant, namespace: HAGroups.namespace)
                var items: [JSONValue] = []
                for group in overview {
                    names.learn(try engine.configuration(of: group.key))
                    guard case .object(var fields) = try Self.haGroup(group.key, tenant: tenant, engine).json else { continue }
                    fields["lastSequence"] = .number(Double(group.lastSequence))
                    items.append(.object(fields))
                }
                let opening = "event: snapshot\ndata: \(JSONValue.object(["items": .array(items)]).jsonText)\n\n"
                return (overview, opening)
            },
            learn: { names.learn($0) },
            render: { event in
                ("\(event.group.id):\(event.sequence)", event.kind.rawValue,
                 HCXWire.timelineEvent(event, groupName: names.name(of: event.group.id)))
            })
    }
}

/// The names of the groups a tenant stream has seen, for its events' `haGroupName`.
private final class GroupNames: Sendable {
    private let names = Mutex<[String: String]>([:])

    func learn(_ configuration: GroupConfiguration) {
        names.withLock { $0[configuration.id] = configuration.name ?? configuration.id }
    }

    func name(of id: String) -> String {
        names.withLock { $0[id] } ?? id
    }
}
