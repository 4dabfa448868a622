import BatonClient
import Foundation

/// The simulated members, their groups and clients, and what they report.
final class Fleet: Sendable {
    let groups: [String]
    let clients: [BatonClient]
    let timeout: Duration
    let clock = ContinuousMonotonicClock()
    let terms = PrimaryTerms()
    let followsHints: Bool
    private let members = Locked<[String: [SimulatedMember]]>([:])
    private let incarnations = Locked<[String: Int]>([:])
    private let launched = Locked(0)
    let stats = Locked(Stats())

    struct Stats: Sendable {
        var latency = Samples()
        var answered = 0
        var failed = 0
    }

    init(servers: [String], sessions: Int, groupSize: Int, timeout: Duration, membersPerClient: Int,
         followsHints: Bool, prefix: String) throws {
        self.timeout = timeout
        self.followsHints = followsHints
        let groupCount = (sessions + groupSize - 1) / groupSize
        groups = (0..<groupCount).map { "\(prefix)-\($0)" }
        let clientCount = max((sessions + membersPerClient - 1) / membersPerClient, servers.count)
        clients = try (0..<clientCount).map { index in
            var configuration = BatonClientConfiguration(server: servers[index % servers.count])
            configuration.retriesConnecting = servers.count == 1
            return try BatonClient(configuration: configuration)
        }
        var layout: [String: [String]] = [:]
        for index in 0..<sessions {
            layout[groups[index / groupSize], default: []].append("s\(index % groupSize)")
        }
        self.layout = layout
    }

    private let layout: [String: [String]]

    /// Makes and starts a new incarnation of `session` of `group`.
    @discardableResult
    func launch(_ session: String, of group: String) -> SimulatedMember {
        let key = "\(group)/\(session)"
        let incarnation = incarnations.withLock { counts -> Int in
            counts[key, default: 0] += 1
            return counts[key]!
        }
        let index = launched.withLock { count -> Int in
            defer { count += 1 }
            return count
        } % clients.count
        let timeoutText = timeSpan(seconds: Int(timeout.components.seconds))
        let member = SimulatedMember(client: clients[index], group: group, session: session, incarnation: incarnation,
                                     timeout: timeoutText, clock: clock, followsHints: followsHints) { [weak self] member, activity in
            self?.observe(member, activity)
        }
        members.withLock { members in
            members[group, default: []].removeAll { $0.session == session }
            members[group, default: []].append(member)
        }
        member.start()
        return member
    }

    private func observe(_ member: SimulatedMember, _ activity: AgentActivity) {
        switch activity {
        case .stateChanged(let state, let at):
            terms.record(group: member.group, member: member.name, state: state, at: at, demotedBySend: member.demotedBySend)
        case .answered(_, let sentAt, _):
            let took = clock.now - sentAt
            stats.withLock { stats in
                stats.answered += 1
                stats.latency.add(took)
            }
        case .heartbeatFailed:
            stats.withLock { $0.failed += 1 }
        default:
            break
        }
    }

    func startAll() async {
        for group in groups {
            for session in layout[group] ?? [] { launch(session, of: group) }
        }
    }

    /// Waits until every group has a Primary.
    func waitForPrimaries(within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let missing = groups.filter { primary(of: $0) == nil }
            if missing.isEmpty {
                print("every group has a Primary")
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let missing = groups.filter { primary(of: $0) == nil }
        throw SimulationError("\(missing.count) groups without a Primary after \(limit), e.g. \(missing.prefix(3))")
    }

    func primary(of group: String) -> SimulatedMember? {
        members.withLock { $0[group] }?.first { $0.agent.isPrimary }
    }

    func members(of group: String) -> [SimulatedMember] {
        members.withLock { $0[group] ?? [] }
    }

    func stopAll() async {
        let all = members.withLock { $0.values.flatMap { $0 } }
        await withTaskGroup(of: Void.self) { tasks in
            for member in all { tasks.addTask { await member.kill() } }
        }
        terms.closeAll(at: clock.now)
        for client in clients { try? await client.shutdown() }
    }
}

struct SimulationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Whole seconds as the API's time span, "hh:mm:ss" (up to 3600 s here).
func timeSpan(seconds: Int) -> String {
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
}
