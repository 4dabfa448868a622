/// How well a group is protected right now: the judgement behind HCX's `groupState`.
public enum GroupHealth: Equatable, Sendable {
    /// A failover task is queued or running.
    case failoverInProgress
    /// A live Primary and at least `standbys` live Secondaries that could take over.
    case healthy(primary: MemberID, standbys: Int)
    /// A live Primary with no live Secondary: the group cannot fail over.
    case unprotected(primary: MemberID)
    /// Members are live but none holds the role yet.
    case noPrimary
    /// No member is live.
    case failed

    public static func assess(_ members: [MemberView], failoverRunning: Bool) -> GroupHealth {
        if failoverRunning { return .failoverInProgress }
        let live = members.filter(\.isLive)
        guard !live.isEmpty else { return .failed }
        guard let primary = live.first(where: { $0.role == .primary }) else { return .noPrimary }
        let standbys = live.filter { $0.role == .secondary }.count
        return standbys > 0 ? .healthy(primary: primary.registration.id, standbys: standbys)
            : .unprotected(primary: primary.registration.id)
    }
}
