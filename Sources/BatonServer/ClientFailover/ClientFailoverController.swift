import Foundation
import BatonCore
import BatonWire
import HTTPTypes
import Hummingbird

/// The Client Failover API: translates HTTP to engine operations and back. It decides
/// nothing; every rule is the engine's.
struct ClientFailoverController {
    typealias Context = BatonRequestContext

    /// Where a route's tenant and namespace come from.
    enum Scope {
        /// `/api/v1/tenants/{tenantId}/namespaces/{namespaceId}/…` and `api/v1-preview`.
        case cloud
        /// `/api/v1/clientfailover/…`: tenant and namespace `default`.
        case onPremises
    }

    let coordinator: any Coordinator
    let rateLimits: RateLimits
    let scope: Scope

    func addRoutes(to routes: RouterGroup<Context>) {
        routes.on("", method: .get, use: version)
        routes.on("groups", method: .get, use: listGroups)
        routes.on("groups", method: .post, use: createGroup)
        routes.on("groups/:groupId", method: .get, use: getGroup)
        routes.on("groups/:groupId", method: .put, use: putGroup)
        routes.on("groups/:groupId", method: .delete, use: deleteGroup)
        routes.on("groups/:groupId/status", method: .get, use: status)
        routes.on("groups/:groupId/events", method: .get, use: events)
        routes.on("groups/:groupId/clientsessions", method: .get, use: listSessions)
        routes.on("groups/:groupId/clientsessions", method: .post, use: registerSession)
        routes.on("groups/:groupId/clientsessions/:sessionId", method: .get, use: getSession)
        routes.on("groups/:groupId/clientsessions/:sessionId", method: .delete, use: removeSession)
        routes.on("groups/:groupId/clientsessions/:sessionId/heartbeat", method: .post, use: heartbeat)
        routes.on("groups/:groupId/clientsessions/:sessionId/roleoverride", method: .post, use: roleOverride)
        routes.on("groups/:groupId/failover", method: .post, use: requestFailover)
        routes.on("tasks/:taskId", method: .get, use: getTask)
        routes.on("tasks/:taskId", method: .delete, use: cancelTask)
        routes.on("groups/:groupId/accesscontrol", method: .get, use: getAccessControl)
        routes.on("groups/:groupId/accesscontrol", method: .put, use: putAccessControl)
        addPushRoutes(to: routes)
    }

    /// The namespace-wide list lives beside the API (`{base}/accesscontrol/clientfailover/groups`).
    func addCollectionRoutes(to routes: RouterGroup<Context>) {
        routes.on("accesscontrol/clientfailover/groups", method: .get, use: getCollectionAccessControl)
        routes.on("accesscontrol/clientfailover/groups", method: .put, use: putCollectionAccessControl)
    }

    // MARK: Planned failover (Baton extension)

    /// `POST …/groups/{groupId}/failover {TargetSessionId?, ScheduledTime?, Reason?}`:
    /// 202 with the task, and its address in `Location`.
    @Sendable func requestFailover(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let failover = try FailoverRequest(try await RequestBodyReader.optionalObject(from: request))
        let id = UUID().uuidString.lowercased()
        let task = try await coordinator.perform(as: context.principal, on: .group(key)) {
            try $0.requestFailover(of: key, to: failover.target, at: failover.scheduledAt, reason: failover.reason, taskID: id)
        }
        let location = request.uri.path.replacingOccurrences(
            of: #"/groups/[^/]+/failover$"#, with: "/tasks/\(id)", options: [.regularExpression, .caseInsensitive])
        return .json(ClientFailoverWire.task(task), status: .accepted, headers: [.location: location])
    }

    @Sendable func getTask(_ request: Request, context: Context) async throws -> Response {
        let (collection, id) = try taskKey(context)
        let task = try await coordinator.perform(as: context.principal, on: .tenant(collection.tenant)) { try Self.task(id, in: collection, $0.task(id)) }
        return .json(ClientFailoverWire.task(task))
    }

    /// Cancels a queued task; a started or finished one is a 409.
    @Sendable func cancelTask(_ request: Request, context: Context) async throws -> Response {
        let (collection, id) = try taskKey(context)
        let task = try await coordinator.perform(as: context.principal, on: .tenant(collection.tenant)) { engine in
            _ = try Self.task(id, in: collection, engine.task(id))
            return try engine.cancelFailover(id)
        }
        return .json(ClientFailoverWire.task(task))
    }

    /// A task is only found under the tenant and namespace of its group.
    private static func task(_ id: String, in collection: CollectionKey, _ task: FailoverTask) throws -> FailoverTask {
        guard task.group.tenant == collection.tenant, task.group.namespace == collection.namespace else {
            throw EngineError.taskNotFound(id)
        }
        return task
    }

    private func taskKey(_ context: Context) throws -> (CollectionKey, String) {
        (try collectionKey(context), try PathID.read("taskId", context))
    }

    // MARK: Access control

    @Sendable func getAccessControl(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let list = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.accessControl(of: key) }
        return .json((list ?? AccessControlList()).jsonValue)
    }

    @Sendable func putAccessControl(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let list = try ClientFailoverRequests.accessControlList(try await RequestBodyReader.object(from: request))
        try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.setAccessControl(list, on: key) }
        return Response(status: .noContent)
    }

    @Sendable func getCollectionAccessControl(_ request: Request, context: Context) async throws -> Response {
        let collection = try collectionKey(context)
        let list = try await coordinator.perform(as: context.principal, on: .tenant(collection.tenant)) { try $0.collectionAccessControl(of: collection) }
        return .json((list ?? AccessControlList()).jsonValue)
    }

    @Sendable func putCollectionAccessControl(_ request: Request, context: Context) async throws -> Response {
        let collection = try collectionKey(context)
        let list = try ClientFailoverRequests.accessControlList(try await RequestBodyReader.object(from: request))
        try await coordinator.perform(as: context.principal, on: .tenant(collection.tenant)) { try $0.setCollectionAccessControl(list, on: collection) }
        return Response(status: .noContent)
    }

    // MARK: Groups

    @Sendable func version(_ request: Request, context: Context) async throws -> Response {
        let collection = try collectionKey(context)
        try await coordinator.perform(as: context.principal, on: .tenant(collection.tenant)) { try $0.checkReadable(collection) }
        return .json(.object(["Version": .string(ClientFailoverWire.version)]))
    }

    @Sendable func listGroups(_ request: Request, context: Context) async throws -> Response {
        let (tenant, namespace) = try tenancy(context)
        let page = try Paging(request)
        let all = try await coordinator.perform(as: context.principal, on: .tenant(tenant)) { try $0.configurations(tenant: tenant, namespace: namespace) }
        return .json(.array(page.slice(all).map(ClientFailoverWire.group)), headers: [.totalCount: "\(all.count)"])
    }

    @Sendable func createGroup(_ request: Request, context: Context) async throws -> Response {
        let (tenant, namespace) = try tenancy(context)
        let configuration = try ClientFailoverRequests.groupConfiguration(
            try await RequestBodyReader.object(from: request), pathID: nil)
        let key = GroupKey(tenant: tenant, namespace: namespace, id: configuration.id)
        // `unchanged` means the stored configuration is identical to this one.
        let outcome = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.createGroup(key, configuration) }
        return .json(ClientFailoverWire.group(configuration), status: outcome == .created ? .created : .ok)
    }

    @Sendable func getGroup(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let configuration = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.configuration(of: key) }
        return .json(ClientFailoverWire.group(configuration))
    }

    @Sendable func putGroup(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let configuration = try ClientFailoverRequests.groupConfiguration(
            try await RequestBodyReader.object(from: request), pathID: key.id)
        let outcome = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.putGroup(key, configuration) }
        return .json(ClientFailoverWire.group(configuration), status: outcome == .created ? .created : .ok)
    }

    @Sendable func deleteGroup(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.deleteGroup(key) }
        return Response(status: .noContent)
    }

    @Sendable func status(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let status = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.status(of: key) }
        return .json(ClientFailoverWire.status(status))
    }

    @Sendable func events(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let page = try Paging(request)
        // `?after=N[&wait=30s]`: what came after sequence N, waiting for it (long poll).
        let asked = try StreamRequest(request)
        if let after = asked.after {
            let events = try await LongPoll.events(
                of: key, after: after, limit: page.count, wait: asked.wait, holder: StreamRequest.holder(context),
                principal: context.principal, coordinator: coordinator)
            return .json(.array(events.map(ClientFailoverWire.event)))
        }
        let events = try await coordinator.events(of: key, skip: page.skip, count: page.count, as: context.principal)
        return .json(.array(events.events.map(ClientFailoverWire.event)), headers: [.totalCount: "\(events.total)"])
    }

    // MARK: Client sessions

    @Sendable func listSessions(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let page = try Paging(request)
        let sessions = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.members(of: key) }
        return .json(.array(page.slice(sessions).map(ClientFailoverWire.session)),
                     headers: [.totalCount: "\(sessions.count)"])
    }

    @Sendable func registerSession(_ request: Request, context: Context) async throws -> Response {
        let key = try groupKey(context)
        let registration = try ClientFailoverRequests.registration(try await RequestBodyReader.object(from: request))
        let (outcome, view) = try await coordinator.perform(as: context.principal, on: .group(key)) { engine in
            let outcome = try engine.registerMember(registration, in: key)
            return (outcome, try engine.member(registration.id, in: key))
        }
        return .json(ClientFailoverWire.session(view), status: outcome == .created ? .created : .ok)
    }

    @Sendable func getSession(_ request: Request, context: Context) async throws -> Response {
        let (key, session) = try sessionKey(context)
        let view = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.member(session, in: key) }
        return .json(ClientFailoverWire.session(view))
    }

    @Sendable func removeSession(_ request: Request, context: Context) async throws -> Response {
        let (key, session) = try sessionKey(context)
        try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.removeMember(session, from: key) }
        return Response(status: .noContent)
    }

    @Sendable func heartbeat(_ request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let (key, session) = try sessionKey(context)
            try rateLimits.admitHeartbeat(group: key, session: session)
            let hold = try HeldHeartbeat.requested(request)
            let input = try ClientFailoverRequests.heartbeat(try await RequestBodyReader.object(from: request))
            // Subscribed before the heartbeat, so that no change committed after it is missed;
            // past the principal's allowance the answer is simply not held.
            let changes = hold == nil ? nil : try? coordinator.eventHub.subscribe(
                .init(key), principal: StreamRequest.holder(context), purpose: .heldHeartbeat)
            defer { changes?.cancel() }
            var answer = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.heartbeat(input, from: session, in: key) }
            coordinator.metrics.heartbeat(answer.role.metricsOutcome, took: started.duration(to: .now))
            if let changes, let limit = HeldHeartbeat.limit(hold, for: answer) {
                answer = try await HeldHeartbeat.wait(
                    after: answer, hold: limit, subscription: changes,
                    member: session, in: key, principal: context.principal, coordinator: coordinator)
            }
            return .json(text: ClientFailoverWire.heartbeatText(answer))
        } catch {
            coordinator.metrics.heartbeat(BatonMetrics.refusalOutcome(error), took: started.duration(to: .now))
            throw error
        }
    }

    @Sendable func roleOverride(_ request: Request, context: Context) async throws -> Response {
        let (key, session) = try sessionKey(context)
        let (value, expiration) = try ClientFailoverRequests.roleOverride(try await RequestBodyReader.object(from: request))
        let answer = try await coordinator.perform(as: context.principal, on: .group(key)) { try $0.setRoleOverride(value, expiration: expiration, on: session, in: key) }
        return .json(ClientFailoverWire.roleOverride(answer))
    }

    // MARK: Path parameters

    func tenancy(_ context: Context) throws -> (String, String) {
        switch scope {
        case .onPremises: return ("default", "default")
        case .cloud: return (try PathID.read("tenantId", context), try PathID.read("namespaceId", context))
        }
    }

    private func collectionKey(_ context: Context) throws -> CollectionKey {
        let (tenant, namespace) = try tenancy(context)
        return CollectionKey(tenant: tenant, namespace: namespace)
    }

    func groupKey(_ context: Context) throws -> GroupKey {
        let (tenant, namespace) = try tenancy(context)
        return GroupKey(tenant: tenant, namespace: namespace, id: try PathID.read("groupId", context))
    }

    func sessionKey(_ context: Context) throws -> (GroupKey, MemberID) {
        (try groupKey(context), try PathID.read("sessionId", context))
    }
}
