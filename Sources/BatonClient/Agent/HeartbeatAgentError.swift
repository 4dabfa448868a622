/// Why a `HeartbeatAgent` call ended without its result.
public enum HeartbeatAgentError: Error, Sendable, CustomStringConvertible {
    /// The Primary role of `epoch` was lost (demotion, lease ran out, 404, step-down, stop)
    /// while `withPrimaryRole`'s work ran; the work was cancelled and has ended.
    case roleLost(epoch: Int)
    /// The agent has stopped, or stopped before this member became Primary.
    case stopped
    /// `run()` was called a second time; an agent runs once.
    case alreadyStarted
    /// The agent was given no server.
    case noServers
    /// The server refused the registration in a way retrying cannot fix (409: the session id
    /// is taken with another name).
    case registrationRefused(BatonAPIError)

    public var description: String {
        switch self {
        case .roleLost(let epoch): "the Primary role of epoch \(epoch) was lost"
        case .stopped: "the heartbeat agent has stopped"
        case .alreadyStarted: "the heartbeat agent is already running (an agent runs once)"
        case .noServers: "the heartbeat agent has no server to talk to"
        case .registrationRefused(let error): "the registration was refused: \(error)"
        }
    }
}
