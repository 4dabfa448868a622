import BatonClient
import Foundation
import Synchronization
import Testing

/// Three agents on one real server (T = 1 s), while faults are injected at random: planned
/// failovers, a Primary whose heartbeat loop stalls (as in a long GC or a paused process:
/// its lease must run out on its own), scores dropping to 0, sessions deleted under them.
/// Whatever happens, no two agents act as Primary at once.
@Suite struct HeartbeatAgentFaultTests {
    /// One agent's hold of the role, on the clock all agents share.
    struct Term: CustomStringConvertible {
        var agent: String
        var epoch: Int
        var start: MonotonicInstant
        var end: MonotonicInstant
        /// Ended by an answer that said Secondary (the demotion the coordinator sent as it
        /// promoted the successor) rather than by the lease running out or a 404.
        var endedByDemotionAnswer: Bool

        var description: String { "\(agent)@\(epoch) [\(start), \(end))\(endedByDemotionAnswer ? " demoted" : "")" }
    }

    static func terms(of agent: String, _ activities: [AgentActivity], stoppedAt: MonotonicInstant) -> [Term] {
        var terms: [Term] = []
        var open: (epoch: Int, start: MonotonicInstant)?
        var lastAnswer: HeartbeatAnswer?
        for activity in activities {
            switch activity {
            case .answered(let answer, _, _):
                lastAnswer = answer
            case .sessionNotFound, .heartbeatFailed:
                lastAnswer = nil
            case .stateChanged(let state, let at):
                if let current = open {
                    terms.append(Term(agent: agent, epoch: current.epoch, start: current.start, end: at,
                                      endedByDemotionAnswer: lastAnswer.map { $0.role != .primary } ?? false))
                    open = nil
                }
                if case .primary(let epoch, _) = state { open = (epoch, at) }
            default:
                break
            }
        }
        if let current = open {
            terms.append(Term(agent: agent, epoch: current.epoch, start: current.start, end: stoppedAt, endedByDemotionAnswer: false))
        }
        return terms
    }

    @Test func noTwoAgentsArePrimaryAtOnceUnderFaults() async throws {
        try await LiveServer.with { server in
            try await server.withMemberClient { client in
                try await client.makeGroup("g", sessions: [], timeout: "00:00:01")
                let names = ["a", "b", "c"]
                let clock = ContinuousMonotonicClock()
                let scores = Locked<[String: Double]>(Dictionary(uniqueKeysWithValues: names.map { ($0, 100) }))
                let stalledUntil = Locked<[String: ContinuousClock.Instant]>([:])
                let recorders = Dictionary(uniqueKeysWithValues: names.map { ($0, AgentRecorder()) })
                let agents = names.map { name in
                    HeartbeatAgent(client: client, group: "g", session: name,
                                   options: .init(observer: recorders[name]!.observer), clock: clock) {
                        if let until = stalledUntil.withLock({ $0[name] }), until > .now {
                            try? await Task.sleep(until: until, clock: .continuous)
                        }
                        return scores.withLock { $0[name] ?? 100 }
                    }
                }
                var faults: [String] = []
                try await running(agents[0], agents[1], agents[2]) {
                    try await eventually("someone is Primary") { agents.contains { $0.isPrimary } }
                    var generator = SystemRandomNumberGenerator()
                    let end = ContinuousClock.now + .seconds(9)
                    var round = 0
                    while ContinuousClock.now < end {
                        round += 1
                        let primary = zip(names, agents).first { $0.1.isPrimary }?.0
                        let other = names.filter { $0 != primary }.randomElement(using: &generator)!
                        switch round % 4 {
                        case 0:
                            faults.append("failover to \(other)")
                            _ = try? await client.requestFailover(of: "g", FailoverRequest(targetSessionID: other))
                        case 1:
                            let victim = primary ?? other
                            faults.append("stall \(victim)")
                            stalledUntil.withLock { $0[victim] = .now + .milliseconds(1500) }
                        case 2:
                            let victim = names.randomElement(using: &generator)!
                            faults.append("score 0 for \(victim)")
                            scores.withLock { $0[victim] = 0 }
                            Task {
                                try? await Task.sleep(for: .seconds(1))
                                scores.withLock { $0[victim] = 100 }
                            }
                        default:
                            let victim = names.randomElement(using: &generator)!
                            faults.append("delete \(victim)")
                            try? await client.removeSession(victim, from: "g")
                        }
                        try await Task.sleep(for: .milliseconds(Int.random(in: 300...900, using: &generator)))
                    }
                    try await Task.sleep(for: .seconds(2))
                }
                let stoppedAt = clock.now
                let terms = names.flatMap { Self.terms(of: $0, recorders[$0]!.all, stoppedAt: stoppedAt) }.sorted { $0.start < $1.start }
                let story = "faults: \(faults)\nterms:\n" + terms.map(\.description).joined(separator: "\n")
                #expect(terms.count >= 4, "too few changes of Primary to prove anything\n\(story)")
                #expect(terms.contains { !$0.endedByDemotionAnswer && $0.end < stoppedAt }, "no lease ran out\n\(story)")
                for (index, earlier) in terms.enumerated() {
                    for later in terms[(index + 1)...] where later.agent != earlier.agent && later.start < earlier.end {
                        // The one overlap the lease cannot prevent: the demotion answer was still on its
                        // way to the old Primary when the successor's answer arrived. The epoch covers it.
                        let covered = earlier.endedByDemotionAnswer && later.epoch > earlier.epoch
                            && earlier.end - later.start < .milliseconds(500)
                        #expect(covered, "\(earlier) and \(later) overlap\n\(story)")
                    }
                    for later in terms[(index + 1)...] where later.agent != earlier.agent {
                        #expect(later.epoch > earlier.epoch, "\(later) follows \(earlier) with no higher epoch\n\(story)")
                    }
                }
                // As the coordinator saw it: the epoch never went down.
                let events = try await client.events(of: "g", after: 0, count: 1000)
                let epochs = events.map(\.epoch)
                #expect(epochs == epochs.sorted())
            }
        }
    }
}
