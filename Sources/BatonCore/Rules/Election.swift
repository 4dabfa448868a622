/// Who should be Primary: DESIGN.md's three rules, first that applies wins. Pure: reads a
/// group at an instant, changes nothing. One pass over the members, no allocation: it runs
/// on every heartbeat.
struct Decision: Equatable {
    var member: MemberID?
    /// Why the role moves, when it does; ignored when the decision keeps the Primary.
    var reason: ChangeReason
}

enum Election {
    static func decide(_ group: GroupState, at now: Instant) -> Decision {
        let primaryID = group.primary
        var overridden: MemberID?
        var bestEligible: MemberState?
        var bestScoring: MemberState?
        var bestChallenger: MemberState?
        for member in group.members.values {
            if member.roleOverride == .primary, overridden.map({ member.id < $0 }) ?? true {
                overridden = member.id
            }
            guard member.isEligible(at: now) else { continue }
            if precedes(member, bestEligible) { bestEligible = member }
            if member.score > 0, precedes(member, bestScoring) { bestScoring = member }
            if member.id != primaryID, let since = member.betterThanPrimarySince, now - since >= group.timeout,
               precedes(member, bestChallenger) {
                bestChallenger = member
            }
        }
        // Members at score 0 are candidates only when nobody live has a score above 0.
        let preferred = bestScoring ?? bestEligible

        // 1. An unexpired Primary override wins, even for a stale member (documented AVEVA
        //    behaviour). Expired overrides were cleared before we got here.
        if let overridden { return Decision(member: overridden, reason: .override) }

        // 1b. A running failover task's target, while it can take the role (the task fails
        //     and stops asking when it cannot).
        if let forced = group.forcedTarget, group.members[forced]?.isEligible(at: now) == true {
            return Decision(member: forced, reason: .forced)
        }

        // 2. Keep a Primary that still holds its lease.
        if let primaryID, let primary = group.members[primaryID], primary.holdsLease(at: now) {
            if primary.isDrained {
                // Drain moves the role to the best other member; with nobody to take it the
                // drained Primary keeps it rather than leave the group without a Primary.
                return Decision(member: preferred?.id ?? primaryID, reason: .drain)
            }
            // In restart grace with no fresh heartbeat there is no score to compare yet; a
            // paused group keeps its Primary whatever the scores (`Pause`).
            if !primary.heartbeatSinceStart || group.pause != nil { return Decision(member: primaryID, reason: .elected) }
            if primary.score > 0 {
                if group.configuration.preemption == .score, let challenger = bestChallenger {
                    return Decision(member: challenger.id, reason: .score)
                }
                return Decision(member: primaryID, reason: .elected)
            }
            // A Primary at score 0 collects nothing: any live member with a score gets the role
            // at once. With none, moving the role would gain nothing, so it stays.
            return Decision(member: bestScoring?.id ?? primaryID, reason: .score)
        }

        // 3. Elect among live members with a heartbeat since start — unless the group is
        //    paused: then nobody takes a role that was lost or never held.
        let elected = group.pause == nil ? preferred?.id : nil
        return Decision(member: elected, reason: primaryID == nil ? .elected : .leaseExpired)
    }

    /// Highest score; then live longest without interruption; then the smallest id.
    static func precedes(_ member: MemberState, _ other: MemberState?) -> Bool {
        guard let other else { return true }
        if member.score != other.score { return member.score > other.score }
        let memberSince = member.liveSince ?? Instant(nanoseconds: .max)
        let otherSince = other.liveSince ?? Instant(nanoseconds: .max)
        if memberSince != otherSince { return memberSince < otherSince }
        return member.id < other.id
    }
}
