import BatonCore

extension APIError {
    static func resolution(for refusal: FailoverRefusal) -> String {
        switch refusal {
        case .noLiveStandby: "Wait until another member heartbeats, or name a live one as the target."
        case .failoverInProgress: "Wait for the running task to finish, or cancel it while it is queued."
        case .targetIsPrimary: "Name another member, or none to let Baton choose."
        case .overrideHolds: "Clear the Primary role override first (Value Off)."
        case .notCancelable: "Only a queued task can be cancelled."
        }
    }

    /// The documented status for each engine refusal.
    init(_ error: EngineError) {
        switch error {
        case .groupNotFound(let key):
            self = .notFound("The failover group '\(key.id)' does not exist.")
        case .memberNotFound(let key, let member):
            self = .notFound("The client session '\(member)' does not exist in failover group '\(key.id)'.")
        case .groupConflict(let key):
            self = .conflict("A failover group with id '\(key.id)' already exists with another configuration.",
                             resolution: "Use another id, or PUT the group to change its configuration.")
        case .memberConflict(let key, let member):
            self = .conflict("A client session with id '\(member)' already exists in failover group '\(key.id)' with another name or data.",
                             resolution: "Use another id, or delete the existing session first.")
        case .groupHasMembers(let key, let count):
            self = .conflict("The failover group '\(key.id)' still has \(count) client session(s).",
                             resolution: "Delete its client sessions first.")
        case .invalid(let field, let problem):
            self = .badRequest("\(field) \(problem).")
        case .applianceNotFound(let id):
            self = .notFound("The appliance '\(id)' does not exist.")
        case .applianceConflict(let id):
            self = .conflict("An appliance with id '\(id)' already exists with another registration.",
                             resolution: "Use another id, or delete the existing appliance first.")
        case .serviceMeshConflict(let problem):
            self = .conflict(problem, resolution: "Name the appliances' own service mesh, or choose appliances of one mesh.")
            code = "ServiceMeshMismatch"
        case .applianceInGroup(let id, let group):
            self = .conflict("The appliance '\(id)' already belongs to HA group '\(group)'.",
                             resolution: "Delete that HA group first, or choose another appliance.")
            code = "ApplianceInGroup"
        case .taskNotFound(let id):
            self = .notFound("The task '\(id)' does not exist.")
        case .failoverRefused(let refusal, let detail):
            self = .conflict("\(detail).", resolution: Self.resolution(for: refusal))
            code = refusal.rawValue
        case .forbidden(let reason):
            self = APIError(status: .forbidden, error: "The request is not authorized.", reason: "\(reason).",
                            resolution: "Ask an administrator of the tenant for the role or access right this needs.")
        }
    }
}
