/// The agent's role, lease and subscribers, changed only under the agent's lock so that every
/// subscriber hears the changes in the order they happened.
struct RoleBook {
    var state: AgentState = .secondary
    /// The FailoverTimeout of the last answer (or of the group, before the first answer).
    var timeout: Duration?
    var subscribers: [Int: AsyncStream<AgentState>.Continuation] = [:]
    var nextSubscriber = 0
    /// The states published since the agent last drained this (for its observer), each with
    /// the instant it took effect when that is not "now" (a lease ends at its deadline).
    var published: [(state: AgentState, at: MonotonicInstant?)] = []

    /// Sets the state; when the role or the epoch changed, tells every subscriber (in order:
    /// this runs under the lock) and answers true. A stopped agent stays stopped.
    mutating func set(_ new: AgentState, at effective: MonotonicInstant? = nil) -> Bool {
        if case .stopped = state { return false }
        let changed = !new.sameTerm(as: state)
        state = new
        guard changed else { return false }
        published.append((new, effective))
        for subscriber in subscribers.values { subscriber.yield(new) }
        if case .stopped = new {
            // `finish` calls the streams' termination handlers right here; they do not take
            // the lock for a finished stream (see `HeartbeatAgent.states`).
            for subscriber in subscribers.values { subscriber.finish() }
            subscribers.removeAll()
        }
        return true
    }

    /// Demotes a Primary whose deadline has come (`now` is at or past it).
    mutating func expire(at now: MonotonicInstant) {
        if let deadline, now >= deadline { _ = set(.secondary, at: deadline) }
    }

    /// The deadline of the Primary role held now, if any (not checked against the clock).
    var deadline: MonotonicInstant? {
        if case .primary(_, let deadline) = state { return deadline }
        return nil
    }
}
