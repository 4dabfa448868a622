import BatonCore

extension APIError {
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
        case .taskNotFound(let id):
            self = .notFound("The task '\(id)' does not exist.")
        case .failoverRefused(let refusal, let detail):
            self = .conflict("\(detail) (\(refusal.rawValue)).", resolution: "Check the group's status and try again.")
        case .forbidden(let reason):
            self = APIError(status: .forbidden, error: "The request is not authorized.", reason: "\(reason).",
                            resolution: "Ask an administrator of the tenant for the role or access right this needs.")
        }
    }
}
