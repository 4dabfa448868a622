import Foundation

/// Overrides and their expiry (DESIGN.md rule 1): an override past its deadline becomes `Off`,
/// in id order so every instance records the same history.
extension Engine {
    /// Clears every override whose deadline has come and records its expiry.
    func expireOverrides(in group: GroupState, at now: Moment) {
        var due: [MemberID] = []
        for (id, member) in group.members {
            if let deadline = member.overrideDeadline, deadline <= now.instant { due.append(id) }
        }
        // In id order, so every instance records the same history in the same order.
        for id in due.sorted() {
            let member = group.members[id]!
            let expired = member.roleOverride
            group.members[id]!.roleOverride = .off
            group.members[id]!.overrideExpiresAt = nil
            group.members[id]!.overrideDeadline = nil
            markDirty(group, member: id)
            record(.roleOverrideExpired, in: group, at: now, to: id, reason: ChangeReason.override.rawValue,
                   detail: expired.name)
        }
    }
}
