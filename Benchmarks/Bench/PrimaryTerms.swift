import ArgumentParser
import BatonClient
import Synchronization

/// Every Primary term the members held, as their agents reported it (the agent's clock is
/// shared by all members of the process, so terms of different members compare), and the two
/// checks of the promise on them: no two members of a group Primary at one instant, and an
/// epoch never given twice or going backwards. One overlap is the design's, not a violation
/// (DESIGN.md "Moving the role"): the coordinator promotes the successor as it answers the old
/// Primary's heartbeat with the demotion, so while that answer is on its way back both act,
/// fenced by the epoch. It is allowed when the earlier term ended by the answer to a heartbeat
/// sent before the later term began, and the later epoch is higher (as `scripts/fault`'s
/// checker allows it); members that follow hints yield before that heartbeat and avoid it.
final class PrimaryTerms: Sendable {
    struct Term: Sendable {
        let group: String
        let member: String
        let epoch: Int
        let start: MonotonicInstant
        var end: MonotonicInstant?
        /// When the term ended by a heartbeat's answer (Secondary or PendingPrimary): that
        /// heartbeat's send time.
        var demotedBySend: MonotonicInstant?

        /// The session, without the incarnation.
        var session: Substring { member.split(separator: "#").first ?? Substring(member) }
    }

    private struct State {
        var open: [String: Term] = [:]
        var closed: [Term] = []
    }

    private let state = Mutex(State())

    /// A member's role changed at `at` (`AgentActivity.stateChanged`). `member` names one
    /// incarnation of a session, `session#n`: a restarted member is a new one. `demotedBySend`:
    /// the change came with the answer to the heartbeat sent then (the answer's role was not
    /// Primary).
    func record(group: String, member: String, state role: AgentState, at: MonotonicInstant,
                demotedBySend: MonotonicInstant? = nil) {
        let key = "\(group)/\(member)"
        state.withLock { state in
            if var term = state.open[key] {
                if case .primary(let epoch, _) = role, epoch == term.epoch { return }
                term.end = at
                term.demotedBySend = demotedBySend
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
    func violations() -> [String] { review().violations }

    /// The violations, and how many overlaps were fenced handovers (allowed).
    func review() -> (violations: [String], fencedHandovers: Int) {
        var found: [String] = []
        var fenced = 0
        let byGroup = Dictionary(grouping: terms, by: \.group)
        for (group, terms) in byGroup.sorted(by: { $0.key < $1.key }) {
            let ordered = terms.sorted { $0.start < $1.start }
            for (index, term) in ordered.enumerated() {
                for later in ordered[(index + 1)...] {
                    guard let end = term.end, later.start < end else { break }
                    guard later.member != term.member else { continue }
                    if let sent = term.demotedBySend, sent < later.start, later.epoch > term.epoch {
                        fenced += 1
                        continue
                    }
                    found.append("\(group): \(term.member) (epoch \(term.epoch)) and \(later.member) (epoch \(later.epoch)) both Primary for \((end - later.start).milliseconds)")
                }
                if index > 0, ordered[index - 1].epoch > term.epoch
                    || (ordered[index - 1].epoch == term.epoch && ordered[index - 1].session != term.session) {
                    let before = ordered[index - 1]
                    found.append("\(group): epoch \(term.epoch) of \(term.member) follows epoch \(before.epoch) of \(before.member)")
                }
            }
        }
        return (found, fenced)
    }
}

/// Stops the run when two members overlapped (other than in a fenced handover) or an epoch
/// repeated; says how many fenced handovers there were.
func check(_ terms: PrimaryTerms) throws {
    let (violations, fenced) = terms.review()
    if fenced > 0 { print("fenced handovers: \(fenced) (a demotion answer on its way while the successor acted, epochs apart)") }
    guard violations.isEmpty else {
        for violation in violations { print("VIOLATION \(violation)") }
        throw ExitCode(1)
    }
}
