/// The fence (DESIGN.md, removal and identity across deletion): while a member removed or deleted
/// with its group may still act on its lease, nobody else is promoted. The fence waits for one
/// holder when it is one known member.
extension GroupState {
    /// Fences the group until `end` for the lease `holder` may still be acting on. Fences of
    /// two different holders make one fence with no holder: then nobody is exempt.
    func fence(until end: Instant, for holder: MemberID?) {
        let merged = Self.merge(fenceUntil.map { ($0, fenceHolder) }, with: end, for: holder)
        fenceUntil = merged.until
        fenceHolder = merged.holder
    }

    static func merge(_ fence: (until: Instant, holder: MemberID?)?, with end: Instant, for holder: MemberID?)
        -> (until: Instant, holder: MemberID?) {
        guard let fence else { return (end, holder) }
        return (max(fence.until, end), fence.holder == holder ? holder : nil)
    }

    func liftFence() {
        fenceUntil = nil
        fenceHolder = nil
    }

    /// Whether the fence keeps `member` from being promoted now.
    func isFenced(against member: MemberID, at now: Instant) -> Bool {
        guard let fenceUntil, now < fenceUntil else { return false }
        return member != fenceHolder
    }
}
