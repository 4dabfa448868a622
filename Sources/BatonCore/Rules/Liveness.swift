import Foundation

/// Liveness and the lease: a member is live while a heartbeat received since the start holds
/// its lease (`MemberState.isLive`); its run of liveness, the election's second key, ends when
/// the lease runs out.
extension Engine {
    /// A member whose lease ran out has ended its run of liveness; it starts a new one with
    /// its next heartbeat.
    func trackLiveness(in group: GroupState, at now: Instant) {
        for (id, member) in group.members where member.liveSince != nil && !member.isLive(at: now) {
            group.members[id]!.liveSince = nil
        }
    }
}
