/// Who should be Primary: DESIGN.md's three rules, first that applies wins. Pure: reads a
/// group at an instant, changes nothing.
struct Decision: Equatable {
    var member: MemberID?
    var reason: ChangeReason
}

enum Election {
    static func decide(_ group: GroupState, at now: Instant) -> Decision {
        // 1. An unexpired Primary override wins, even for a stale member (documented AVEVA
        //    behaviour). Expired overrides were cleared before we got here.
        if let overridden = group.members.values.first(where: { $0.roleOverride == .primary }) {
            return Decision(member: overridden.id, reason: .override)
        }

        let eligible = group.members.values.filter { $0.isEligible(at: now) }

        // 2. Keep a Primary that still holds its lease.
        if let primaryID = group.primary, let primary = group.members[primaryID], primary.holdsLease(at: now) {
            if primary.isDrained {
                // Drain moves the role to the best other member; with nobody to take it the
                // drained Primary keeps it rather than leave the group without a Primary.
                if let successor = best(of: preferPositive(eligible)) {
                    return Decision(member: successor.id, reason: .drain)
                }
                return Decision(member: primaryID, reason: .drain)
            }
            // In restart grace with no fresh heartbeat there is no score to compare yet.
            if !primary.heartbeatSinceStart {
                return Decision(member: primaryID, reason: .elected)
            }
            if primary.score > 0 {
                if group.configuration.preemption == .score {
                    let challengers = eligible.filter {
                        guard $0.id != primaryID, let since = $0.betterThanPrimarySince else { return false }
                        return now - since >= group.timeout
                    }
                    if let challenger = best(of: challengers) {
                        return Decision(member: challenger.id, reason: .score)
                    }
                }
                return Decision(member: primaryID, reason: .elected)
            }
            // A Primary at score 0 collects nothing: any live member with a score gets the role
            // at once. With none, moving the role would gain nothing, so it stays.
            if let replacement = best(of: eligible.filter { $0.score > 0 }) {
                return Decision(member: replacement.id, reason: .score)
            }
            return Decision(member: primaryID, reason: .elected)
        }

        // 3. Elect among live members with a heartbeat since start.
        let reason: ChangeReason = group.primary == nil ? .elected : .leaseExpired
        return Decision(member: best(of: preferPositive(eligible))?.id, reason: reason)
    }

    /// Members at score 0 are candidates only when nobody has a score above 0.
    private static func preferPositive(_ members: [MemberState]) -> [MemberState] {
        let positive = members.filter { $0.score > 0 }
        return positive.isEmpty ? members : positive
    }

    /// Highest score; then live longest without interruption; then the smallest id.
    static func best(of members: [MemberState]) -> MemberState? {
        members.min { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            let lhsSince = lhs.liveSince ?? Instant(nanoseconds: .max)
            let rhsSince = rhs.liveSince ?? Instant(nanoseconds: .max)
            if lhsSince != rhsSince { return lhsSince < rhsSince }
            return lhs.id < rhs.id
        }
    }
}
