import BatonClient
import Foundation

/// Two Baton members of a fresh group, each with its own client and hints on: the Primary and
/// its standby, for the side-by-side comparisons with etcd.
struct MemberPair {
    let primary: SimulatedMember
    let standby: SimulatedMember
    let terms: PrimaryTerms
    let clock: ContinuousMonotonicClock
    let clients: [BatonClient]

    /// Starts `a` and waits until it is Primary, then starts `b` and waits until it has been
    /// answered Secondary twice (registered, heartbeating, its hints stream open).
    static func start(server: String, group: String, timeout: Int, trace: Bool = false) async throws -> MemberPair {
        let clock = ContinuousMonotonicClock()
        let terms = PrimaryTerms()
        let clients = try (0..<2).map { _ in try BatonClient(configuration: BatonClientConfiguration(server: server)) }
        let secondaryAnswers = Locked(0)
        let listening = Locked(0)
        let timeoutText = timeSpan(seconds: timeout)
        func member(_ index: Int, _ session: String) -> SimulatedMember {
            SimulatedMember(client: clients[index], group: group, session: session, incarnation: 1, timeout: timeoutText,
                            clock: clock, followsHints: true, holdsAnswers: true) { member, activity in
                if trace { print("  \(clock.now) \(member.name): \(activity)") }
                switch activity {
                case .stateChanged(let state, let at):
                    terms.record(group: group, member: member.name, state: state, at: at, demotedBySend: member.demotedBySend)
                case .answered(let answer, _, _) where answer.role == .secondary && member.session == "b":
                    secondaryAnswers.withLock { $0 += 1 }
                case .listeningForHints where member.session == "b":
                    listening.withLock { $0 += 1 }
                default:
                    break
                }
            }
        }
        let a = member(0, "a")
        a.start()
        try await until(.seconds(timeout * 3), "a Primary in \(group)") { a.agent.isPrimary }
        let b = member(1, "b")
        b.start()
        try await until(.seconds(timeout * 3), "b heartbeating in \(group)") {
            secondaryAnswers.withLock { $0 } >= 2 && listening.withLock { $0 } >= 1
        }
        return MemberPair(primary: a, standby: b, terms: terms, clock: clock, clients: clients)
    }

    /// When the standby's first term began, waiting up to `limit` for it.
    func standbyBecamePrimary(after instant: MonotonicInstant, within limit: Duration) async throws -> MonotonicInstant {
        try await until(limit, "b Primary in \(standby.group)") {
            !terms.termsBegun(in: standby.group, after: instant).filter { $0.member == standby.name }.isEmpty
        }
        return terms.termsBegun(in: standby.group, after: instant).first { $0.member == standby.name }!.start
    }

    func stop() async {
        await primary.kill()
        await standby.kill()
        terms.closeAll(at: clock.now)
        for client in clients { try? await client.shutdown() }
    }
}

/// Polls `condition` every millisecond until it holds, or throws after `limit`.
func until(_ limit: Duration, _ what: String, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw SimulationError("no \(what) within \(limit)") }
        try await Task.sleep(for: .milliseconds(1))
    }
}
