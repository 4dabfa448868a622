import BatonClient
import Foundation

/// What `baton run` says on standard error (COMMAND keeps standard output to itself).
enum RunLog {
    static func say(_ line: String) {
        FileHandle.standardError.write(Data("baton run: \(line)\n".utf8))
    }

    /// The activities told without --verbose: changes, not every heartbeat.
    static func worthTelling(_ activity: AgentActivity) -> Bool {
        switch activity {
        case .registered, .sessionNotFound, .stateChanged, .problem: true
        case .heartbeatFailed: true
        default: false
        }
    }
}
