import BatonClient
import Synchronization

/// Every Primary term the members held, as their agents reported it (the agent's clock is
/// shared by all members of the process, so terms of different members compare), and the two
/// checks of the promise on them: no two members of a group Primary at one instant, and an
/// epoch never given twice or going backwards.
final class PrimaryTerms: Sendable {
    struct Term: Sendable {
        let group: String
        let member: String
        let epoch: Int
        let start: MonotonicInstant
        var end: MonotonicInstant?

        /// The session, without the incarnation.
        var session: Substring { member.split(separator: "#").first ?? Substring(member) }
    }

    private struct State {
        var open: [String: Term] = [:]
        var closed: [Term] = []
    }

    private let state = Mutex(State())

    /// A member's role changed at `at` (`AgentActivity.stateChanged`). `member` names one
    /// incarnation of a session, `session#n`: a restarted member is a new one.
    func record(group: String, member: String, state role: AgentState, at: MonotonicInstant) {
        let key = "\(group)/\(member)"
        state.withLock { state in
            if var term = state.open[key] {
                if case .primary(let epoch, _) = role, epoch == term.epoch { return }
                term.end = at
                state.closed.append(term)
                state.open[key] = nil
            }
            if case .primary(let epoch, _) = role {
                state.open[key] = Term(group: group, member: member, epoch: epoch, start: at)
            }
        }
    }

    /// Closes the terms still open (their members stop acting at `at`).
    func closeAll(at: MonotonicInstant) {
        state.withLock { state in
            for (_, var term) in state.open {
                term.end = at
                state.closed.append(term)
            }
            state.open.removeAll()
        }
    }

    var terms: [Term] { state.withLock { $0.closed + Array($0.open.values) } }

    /// Terms of `group` begun after `instant`, earliest first.
    func termsBegun(in group: String, after instant: MonotonicInstant) -> [Term] {
        terms.filter { $0.group == group && $0.start > instant }.sorted { $0.start < $1.start }
    }

    /// Every broken promise, described. A session restarted (a new incarnation) may take up
    /// the term its previous incarnation held, with its epoch: the coordinator cannot tell
    /// them apart, and the previous one is dead.
    func violations() -> [String] {
        var found: [String] = []
        let byGroup = Dictionary(grouping: terms, by: \.group)
        for (group, terms) in byGroup.sorted(by: { $0.key < $1.key }) {
            let ordered = terms.sorted { $0.start < $1.start }
            for (index, term) in ordered.enumerated() {
                for later in ordered[(index + 1)...] {
                    guard later.start < (term.end ?? later.start) else { break }
                    if later.member != term.member {
                        found.append("\(group): \(term.member) (epoch \(term.epoch)) and \(later.member) (epoch \(later.epoch)) both Primary for \((term.end! - later.start).milliseconds)")
                    }
                }
                if index > 0, ordered[index - 1].epoch > term.epoch
                    || (ordered[index - 1].epoch == term.epoch && ordered[index - 1].session != term.session) {
                    let before = ordered[index - 1]
                    found.append("\(group): epoch \(term.epoch) of \(term.member) follows epoch \(before.epoch) of \(before.member)")
                }
            }
        }
        return found
    }
}
