import Foundation

/// Score preemption with hysteresis (DESIGN.md rule 2): a member must be strictly better than a
/// live Primary for one whole timeout before the election may choose it.
extension Engine {
    /// Starts or stops each member's hysteresis clock: how long its score has been strictly
    /// above a Primary that is live with a fresh heartbeat.
    func trackChallengers(in group: GroupState, at now: Instant) {
        let primary = group.primary.flatMap { group.members[$0] }.flatMap { $0.isLive(at: now) ? $0 : nil }
        for (id, member) in group.members {
            let better: Bool
            if let primary, id != primary.id {
                better = member.isEligible(at: now) && member.score > primary.score
            } else {
                better = false
            }
            if better {
                if member.betterThanPrimarySince == nil { group.members[id]!.betterThanPrimarySince = now }
            } else if member.betterThanPrimarySince != nil {
                group.members[id]!.betterThanPrimarySince = nil
            }
        }
    }
}
