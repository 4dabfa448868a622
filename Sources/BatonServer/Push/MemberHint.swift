import BatonCore

/// What a member is told on its hint stream: always "heartbeat now", with why. Derived from
/// the group's history, so a hint is resumable like any event and is never a grant.
enum MemberHint: String, Sendable {
    /// It was chosen as the next Primary (PendingPrimary): its heartbeat completes the handover.
    case chosen = "Chosen"
    /// The role is moving away from it: its heartbeat delivers the demotion.
    case stepDown = "StepDown"
    /// It became Primary: its heartbeat brings the role and the lease.
    case promoted = "Promoted"
    /// It lost the role (its lease ran out, a handover to it was abandoned).
    case demoted = "Demoted"
    /// Its override changed.
    case overrideChanged = "OverrideChanged"

    static func hint(for member: MemberID, in event: GroupEvent) -> MemberHint? {
        switch event.kind {
        case .handoverStarted:
            if event.to == member { return .chosen }
            if event.from == member { return .stepDown }
        case .handoverCancelled:
            if event.to == member { return .demoted }
        case .primaryChanged:
            if event.to == member { return .promoted }
            if event.from == member { return .demoted }
        case .roleOverrideSet, .roleOverrideExpired, .roleOverrideCleared:
            if event.to == member { return .overrideChanged }
        default:
            break
        }
        return nil
    }
}
