import BatonCore
import BatonJSON
import BatonWire
import Foundation
import HTTPTypes
import Hummingbird

/// The VMware HCX HA groups API (`/hybridity/api/interconnect/…`) and Baton's appliance
/// registration and heartbeat endpoints in the same style. It translates HTTP to engine
/// operations and back and decides nothing. The tenant is the principal's ("default" when
/// authentication is off).
struct HCXController {
    typealias Context = BatonRequestContext

    let coordinator: any Coordinator
    let rateLimits: RateLimits

    /// Routes under `/hybridity/api/interconnect`.
    func addRoutes(to routes: RouterGroup<Context>) {
        routes.on("appliances", method: .post, use: registerAppliance)
        routes.on("appliances", method: .get, use: listAppliances)
        routes.on("appliances/ha/groups", method: .get, use: listGroups)
        routes.on("appliances/ha/groups", method: .post, use: createGroup)
        routes.on("appliances/ha/groups/events/:serviceMeshId", method: .get, use: timeline)
        routes.on("appliances/ha/groups/:groupId", method: .get, use: getGroup)
        routes.on("appliances/ha/groups/:groupId", method: .delete, use: deleteGroup)
        routes.on("appliances/ha/groups/:groupId/forceFailover", method: .post, use: forceFailover)
        routes.on("appliances/:applianceId", method: .get, use: getAppliance)
        routes.on("appliances/:applianceId", method: .delete, use: removeAppliance)
        routes.on("appliances/:applianceId/heartbeat", method: .post, use: heartbeat)
        routes.on("appliances/:applianceId/active", method: .get, use: activeProbe)
        routes.on("appliances/:applianceId/active", method: .head, use: activeProbe)
        routes.on("tasks", method: .get, use: listTasks)
        routes.on("tasks/:interconnectTaskId", method: .get, use: getTask)
        addExtensionRoutes(to: routes)
    }

    static func tenant(_ context: Context) -> String {
        context.principal.kind == .anonymous ? "default" : context.principal.tenant
    }

    // MARK: Appliances (Baton extension)

    @Sendable func registerAppliance(_ request: Request, context: Context) async throws -> Response {
        let registration = try HCXRequests.applianceRegistration(try await RequestBodyReader.object(from: request))
        let tenant = Self.tenant(context)
        let (outcome, record) = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { engine in
            let outcome = try engine.registerAppliance(registration, tenant: tenant)
            return (outcome, try engine.appliance(registration.id, tenant: tenant))
        }
        return .json(HCXWire.appliance(record), status: outcome == .created ? .created : .ok)
    }

    @Sendable func listAppliances(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let records = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { try $0.appliances(tenant: tenant) }
        return .json(.object(["items": .array(records.map(HCXWire.appliance))]))
    }

    @Sendable func getAppliance(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let id = try PathID.read("applianceId", context)
        let record = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { try $0.appliance(id, tenant: tenant) }
        return .json(HCXWire.appliance(record))
    }

    /// `GET|HEAD …/appliances/{applianceId}/active`: 200 while the appliance is ACTIVE in its
    /// HA group and holds its lease, else 503 (a load balancer's probe, see `PrimaryProbe`).
    @Sendable func activeProbe(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let id = try PathID.read("applianceId", context)
        let epoch = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { try $0.heldActiveEpoch(of: id, tenant: tenant) }
        return try PrimaryProbe.answer(epoch: epoch, member: id, head: request.method == .head, activeWord: "Active")
    }

    @Sendable func removeAppliance(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let id = try PathID.read("applianceId", context)
        try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { try $0.removeAppliance(id, tenant: tenant) }
        return Response(status: .noContent)
    }

    @Sendable func heartbeat(_ request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let tenant = Self.tenant(context)
            let id = try PathID.read("applianceId", context)
            try rateLimits.admitHeartbeat(group: HAGroups.key(tenant: tenant, id: "#appliances"), session: id)
            let score = try HCXRequests.heartbeatScore(try await RequestBodyReader.object(from: request))
            let answer = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { try $0.applianceHeartbeat(id, tenant: tenant, score: score) }
            coordinator.metrics.heartbeat(answer.role?.metricsOutcome ?? "ungrouped", took: started.duration(to: .now))
            return .json(HCXWire.heartbeat(id, answer))
        } catch {
            coordinator.metrics.heartbeat(BatonMetrics.refusalOutcome(error), took: started.duration(to: .now))
            throw error
        }
    }

    // MARK: HA groups

    @Sendable func createGroup(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let body = try HCXRequests.HAGroup(try await RequestBodyReader.object(from: request))
        let groupID = body.groupID ?? UUID().uuidString.lowercased()
        let taskID = UUID().uuidString.lowercased()
        _ = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) {
            try $0.createHAGroup(tenant: tenant, id: groupID, name: body.name, appliances: body.appliances,
                                 preemption: body.preemption, failoverTimeout: body.failoverTimeout,
                                 serviceMeshID: body.serviceMeshID, taskID: taskID)
        }
        return .json(HCXWire.groupAction(taskID: taskID, groupID: groupID), status: .accepted)
    }

    @Sendable func listGroups(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let mesh = QueryParameter.text("serviceMeshId", request)
        let groups = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { engine in
            try engine.haGroups(tenant: tenant).map { try Self.haGroup($0, tenant: tenant, engine) }
        }
        let items = groups.filter { mesh == nil || $0.mesh == mesh }.map(\.json)
        return .json(.object(["items": .array(items)]))
    }

    @Sendable func getGroup(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let key = HAGroups.key(tenant: tenant, id: try PathID.read("groupId", context))
        let group = try await coordinator.perform(as: context.principal, on: .group(key)) { try Self.haGroup(key, tenant: tenant, $0) }
        return .json(group.json)
    }

    @Sendable func deleteGroup(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let key = HAGroups.key(tenant: tenant, id: try PathID.read("groupId", context))
        let force: Bool
        switch QueryParameter.text("force", request)?.lowercased() {
        case nil, "false": force = false
        case "true": force = true
        case let other?: throw APIError.badRequest("force must be true or false; got \(Quoted.text(other)).")
        }
        let taskID = UUID().uuidString.lowercased()
        _ = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { try $0.deleteHAGroup(key, force: force, taskID: taskID) }
        return .json(HCXWire.groupAction(taskID: taskID, groupID: key.id), status: .accepted)
    }

    /// `POST …/ha/groups/{groupId}/forceFailover`: no body (one sent is ignored).
    @Sendable func forceFailover(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let key = HAGroups.key(tenant: tenant, id: try PathID.read("groupId", context))
        let taskID = UUID().uuidString.lowercased()
        _ = try await coordinator.perform(as: context.principal, on: .group(key)) {
            try $0.requestFailover(of: key, to: nil, at: nil, reason: "forceFailover", taskID: taskID)
        }
        return .json(HCXWire.groupAction(taskID: taskID, groupID: key.id), status: .accepted)
    }

    /// `GET …/ha/groups/events/{serviceMeshId}?startTime=&endTime=&haGroupIDs=a,b`: the
    /// history of the tenant's HA groups of that service mesh, oldest first.
    @Sendable func timeline(_ request: Request, context: Context) async throws -> Response {
        let tenant = Self.tenant(context)
        let mesh = try PathID.read("serviceMeshId", context)
        let start = try Self.timeQuery("startTime", request)
        let end = try Self.timeQuery("endTime", request)
        // A start after the end is an empty window (no event lies in it), not a bad request.
        let wanted = QueryParameter.text("haGroupIDs", request).map {
            Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        let groups = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { engine in
            try engine.haGroups(tenant: tenant).compactMap { key -> (GroupKey, String)? in
                let configuration = try engine.configuration(of: key)
                guard HCXWire.serviceMeshID(of: configuration) == mesh else { return nil }
                if let wanted, !wanted.contains(key.id) { return nil }
                return (key, configuration.name ?? key.id)
            }
        }
        var entries: [(GroupEvent, String)] = []
        for (key, name) in groups {
            let page = try await coordinator.events(of: key, skip: 0, count: 1_000_000, as: context.principal)
            for event in page.events {
                if let start, event.time < start { continue }
                if let end, event.time > end { continue }
                entries.append((event, name))
            }
        }
        entries.sort { ($0.0.time, $0.0.group.id, $0.0.sequence) < ($1.0.time, $1.0.group.id, $1.0.sequence) }
        return .json(.object(["items": .array(entries.map { HCXWire.timelineEvent($0.0, groupName: $0.1) })]))
    }

    // MARK: Tasks

    @Sendable func listTasks(_ request: Request, context: Context) async throws -> Response {
        let offset = try QueryParameter.integer("offset", request, default: 0, range: 0...Int(Int32.max))
        let pageSize = try QueryParameter.integer("pageSize", request, default: 20, range: 1...1000)
        let (items, total) = try await coordinator.perform(as: context.principal, on: .tenant(Self.tenant(context))) { engine in
            let all = engine.visibleTasks()
            let start = min(offset, all.count)
            let page = all[start..<min(start + pageSize, all.count)]
            return (page.map { HCXWire.task($0, groupName: Self.groupName($0.group, engine)) }, all.count)
        }
        return .json(.object([
            "items": .array(items),
            "paging": .object([
                "offset": .number(Double(offset)), "pageSize": .number(Double(pageSize)), "totalSize": .number(Double(total)),
            ]),
        ]))
    }

    @Sendable func getTask(_ request: Request, context: Context) async throws -> Response {
        let id = try PathID.read("interconnectTaskId", context)
        let task = try await coordinator.perform(as: context.principal, on: .tenant(Self.tenant(context))) { engine in
            let task = try engine.task(id)
            return HCXWire.task(task, groupName: Self.groupName(task.group, engine))
        }
        return .json(task)
    }

    // MARK: Helpers

    static func groupName(_ key: GroupKey, _ engine: Engine) -> String? {
        (try? engine.configuration(of: key)).map { $0.name ?? $0.id }
    }

    static func haGroup(_ key: GroupKey, tenant: String, _ engine: Engine) throws -> (json: JSONValue, mesh: String?) {
        let group = try engine.haGroup(key)
        var appliances: [String: ApplianceRecord] = [:]
        for member in group.members {
            appliances[member.registration.id] = try? engine.appliance(member.registration.id, tenant: tenant)
        }
        let json = HCXWire.haGroup(configuration: group.configuration, status: group.status, members: group.members,
                                   failoverRunning: group.failoverRunning, appliances: appliances)
        return (json, HCXWire.serviceMeshID(of: group.configuration))
    }

    /// ISO-8601, or milliseconds since 1970.
    static func timeQuery(_ name: String, _ request: Request) throws -> Date? {
        guard let text = QueryParameter.text(name, request), !text.isEmpty else { return nil }
        if let milliseconds = Int64(text) { return Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
        guard let date = WireTime.parse(text) else {
            throw APIError.badRequest("\(name) \(Quoted.text(text)) is neither an ISO-8601 date-time nor milliseconds since 1970.")
        }
        return date
    }
}
