import Foundation

/// What a `HeartbeatAgent` does, as it does it, for logs, metrics and tests
/// (`HeartbeatAgent.Options.observer`). Nothing here needs an answer.
public enum AgentActivity: Sendable, CustomStringConvertible {
    /// The group is ready and the session registered (at start, and again after a 404).
    case registered(server: String)
    /// A heartbeat is about to be sent; `at` is its send time, from which a lease runs.
    case heartbeatSent(at: MonotonicInstant, score: Double, server: String)
    /// A heartbeat was answered.
    case answered(HeartbeatAnswer, sentAt: MonotonicInstant, server: String)
    /// A heartbeat got no usable answer (no connection, a timeout, a refusal other than 404).
    case heartbeatFailed(any Error, sentAt: MonotonicInstant, server: String)
    /// The session (or its group) was gone: the agent stopped acting as Primary and registers again.
    case sessionNotFound(server: String)
    /// The role changed (also published on `HeartbeatAgent.states`), taking effect at `at` on
    /// the agent's clock: a lease that ran out ended at its deadline, whenever this is told.
    case stateChanged(AgentState, at: MonotonicInstant)
    /// The hints stream is open: a hint from now on is not missed.
    case listeningForHints(server: String)
    /// A hint arrived: a heartbeat follows at once.
    case hintReceived(MemberHint)
    /// The hints stream could not be opened or broke; the agent retries and meanwhile keeps
    /// its regular pace.
    case hintsUnavailable(any Error)
    /// Something else went wrong and will be retried (a registration, a deregistration).
    case problem(any Error)

    public var description: String {
        switch self {
        case .registered(let server): "registered at \(server)"
        case .heartbeatSent(let at, let score, let server): "heartbeat (score \(score)) sent at \(at) to \(server)"
        case .answered(let answer, let sent, _):
            "answered \(answer.role) epoch \(answer.epoch) timeout \(answer.failoverTimeout) (sent at \(sent))"
        case .heartbeatFailed(let error, let sent, let server): "heartbeat sent at \(sent) to \(server) failed: \(error)"
        case .sessionNotFound(let server): "the session is gone at \(server); registering again"
        case .stateChanged(let state, let at): "now \(state) (at \(at))"
        case .listeningForHints(let server): "listening for hints at \(server)"
        case .hintReceived(let hint): "hint \(hint.hint) (sequence \(hint.sequence))"
        case .hintsUnavailable(let error): "no hints: \(error)"
        case .problem(let error): "problem: \(error)"
        }
    }
}
