import BatonClient
import Foundation

/// The faults the simulator injects, and what became of each.
struct Fault: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        /// The Primary's process ends without a word; it is started again after T/2.
        case crash
        /// The Primary sends no heartbeat for 1.5 T (paused, or cut off), then goes on.
        case stall
        /// A planned failover to another member, through the API.
        case planned
        /// The Primary's score drops to 10 for 2 T (a better member may preempt it).
        case scoreDrop = "score drop"
    }

    let kind: Kind
    let group: String
    /// The Primary hit (crash, stall, score drop) or the target (planned).
    let member: String
    let at: MonotonicInstant
    /// The Primary's last heartbeat before it went silent (crash, stall).
    var lastHeartbeat: MonotonicInstant?
    var refused: String?
}

extension Fleet {
    /// Runs for `duration`, injecting a fault every `interval` into a group left alone for at
    /// least 3 T, then reports.
    func run(for duration: Duration, faultEvery interval: Duration?, seed: UInt64) async -> SimulationReport {
        var random = SplitMix64(seed: seed)
        let started = clock.now
        // Only the steady run counts: the start, every member registering at once, does not.
        let statsBefore = stats.withLock { stats in
            defer { stats.latency = Samples() }
            return stats
        }
        var faults: [Fault] = []
        var quietUntil: [String: MonotonicInstant] = [:]
        let end = ContinuousClock.now + duration
        await withTaskGroup(of: Fault?.self) { pending in
            while ContinuousClock.now < end {
                guard let interval else {
                    try? await Task.sleep(until: end, clock: .continuous)
                    break
                }
                try? await Task.sleep(for: min(interval, ContinuousClock.now.duration(to: end)))
                guard ContinuousClock.now < end else { break }
                let now = clock.now
                let candidates = groups.filter { (quietUntil[$0] ?? now) <= now && primary(of: $0) != nil }
                guard !candidates.isEmpty else { continue }
                let group = candidates[Int(random.next() % UInt64(candidates.count))]
                let kind = Fault.Kind.allCases[Int(random.next() % UInt64(Fault.Kind.allCases.count))]
                quietUntil[group] = now + timeout * 3
                let pick = random.next()
                pending.addTask { await self.inject(kind, into: group, pick: pick) }
            }
            for await fault in pending {
                if let fault { faults.append(fault) }
            }
        }
        // Let the last failovers complete before the terms are read.
        try? await Task.sleep(for: timeout * 2)
        let statsAfter = stats.withLock { $0 }
        return SimulationReport(faults: faults, elapsed: clock.now - started,
                                answered: statsAfter.answered - statsBefore.answered,
                                failed: statsAfter.failed - statsBefore.failed,
                                latency: statsAfter.latency)
    }

    private func inject(_ kind: Fault.Kind, into group: String, pick: UInt64) async -> Fault? {
        guard let victim = primary(of: group) else { return nil }
        switch kind {
        case .crash:
            await victim.kill()
            let fault = Fault(kind: kind, group: group, member: victim.name, at: clock.now,
                              lastHeartbeat: victim.lastHeartbeatSent)
            try? await Task.sleep(for: timeout / 2)
            launch(victim.session, of: group)
            return fault
        case .stall:
            victim.stall(for: timeout * 3 / 2)
            let at = clock.now
            // A heartbeat already past its score question still goes out: read the last send
            // once that one has had its chance.
            try? await Task.sleep(for: .milliseconds(100))
            return Fault(kind: kind, group: group, member: victim.name, at: at, lastHeartbeat: victim.lastHeartbeatSent)
        case .planned:
            let others = members(of: group).filter { $0 !== victim }
            guard !others.isEmpty else { return nil }
            let target = others[Int(pick % UInt64(others.count))]
            var fault = Fault(kind: kind, group: group, member: target.name, at: clock.now)
            do {
                _ = try await target.client.requestFailover(
                    of: group, FailoverRequest(targetSessionID: target.session, reason: "simulated planned failover"))
            } catch {
                fault.refused = "\(error)"
            }
            return fault
        case .scoreDrop:
            victim.score = 10
            let fault = Fault(kind: kind, group: group, member: victim.name, at: clock.now)
            try? await Task.sleep(for: timeout * 2)
            victim.score = 100
            return fault
        }
    }
}

/// A small seeded generator, so a fault schedule can be replayed (`--seed`).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
