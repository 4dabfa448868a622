/// A `HeartbeatAgent`'s role, as its member must act on it.
public enum AgentState: Sendable, Equatable, CustomStringConvertible {
    /// Not Primary (also before the first answer, and after a demotion, a lease that ran out or
    /// a 404).
    case secondary
    /// PendingPrimary: chosen as the next Primary, **not yet** Primary. Do not act as Primary.
    case pending
    /// Primary with `epoch` as the fencing token, until `deadline` on the agent's clock (send
    /// time of the heartbeat answered Primary + 0.9 × the answer's FailoverTimeout). States are
    /// published when the role or the epoch changes, not at every renewal: the deadline here is
    /// the one granted with the term, `HeartbeatAgent.state` carries the current one.
    case primary(epoch: Int, deadline: MonotonicInstant)
    /// The agent has stopped (cancelled, stepped down, or refused by the server); final.
    case stopped

    /// Whether this is a Primary state (the deadline is not checked here: use
    /// `HeartbeatAgent.isPrimary`, which does).
    public var isPrimaryState: Bool {
        if case .primary = self { return true }
        return false
    }

    /// The same role and epoch (the deadline aside): whether a subscriber needs to hear of it.
    func sameTerm(as other: AgentState) -> Bool {
        switch (self, other) {
        case (.secondary, .secondary), (.pending, .pending), (.stopped, .stopped): true
        case (.primary(let a, _), .primary(let b, _)): a == b
        default: false
        }
    }

    public var description: String {
        switch self {
        case .secondary: "secondary"
        case .pending: "pending"
        case .primary(let epoch, let deadline): "primary(epoch \(epoch), until \(deadline))"
        case .stopped: "stopped"
        }
    }
}
