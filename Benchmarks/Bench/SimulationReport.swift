import BatonClient
import Foundation

/// What a simulation measured, printed for people.
struct SimulationReport {
    let faults: [Fault]
    let elapsed: Duration
    let answered: Int
    let failed: Int
    let latency: Samples

    func show(timeout: Duration, terms: PrimaryTerms) {
        let rate = Double(answered) / elapsed.secondsValue
        print("heartbeats: \(answered) answered (\(Int(rate.rounded()))/s), \(failed) failed")
        print("heartbeat latency (send → answer): \(latency.summary)")
        let allTerms = terms.terms
        print("role changes: \(allTerms.count) Primary terms in \(Set(allTerms.map(\.group)).count) groups")
        var unplanned = Samples(), planned = Samples()
        var missing: [String] = []
        for fault in faults {
            switch fault.kind {
            case .crash, .stall:
                guard let last = fault.lastHeartbeat else { continue }
                let successor = terms.termsBegun(in: fault.group, after: last).first { $0.member != fault.member }
                if let successor { unplanned.add(successor.start - last) } else { missing.append("\(fault.kind.rawValue) in \(fault.group)") }
            case .planned:
                guard fault.refused == nil else { continue }
                let term = terms.termsBegun(in: fault.group, after: fault.at).first { $0.member == fault.member }
                if let term { planned.add(term.start - fault.at) } else { missing.append("planned failover in \(fault.group)") }
            case .scoreDrop:
                break
            }
        }
        let counts = Fault.Kind.allCases.map { kind in "\(faults.filter { $0.kind == kind }.count) \(kind.rawValue)" }
        let refused = faults.filter { $0.refused != nil }
        print("faults: " + counts.joined(separator: ", ") + (refused.isEmpty ? "" : " (\(refused.count) planned refused: \(refused.first!.refused!))"))
        print("unplanned failover (last heartbeat of the silent Primary → successor Primary), T = \(timeout.milliseconds): \(unplanned.summary)")
        print("planned failover (request → target Primary): \(planned.summary)")
        if !missing.isEmpty { print("no successor seen for: " + missing.joined(separator: "; ")) }
    }
}
