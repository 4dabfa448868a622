import Foundation

/// Everything the engine knows about one member. A class, like `GroupState`: the group is
/// walked several times per heartbeat and a reference is cheaper to pass around than a
/// struct of strings and optionals.
final class MemberState {
    var registration: MemberRegistration
    let registeredAt: Date
    var roleOverride: RoleOverride = .off
    /// Wall-clock expiry, as shown on the wire and stored (nil = never).
    var overrideExpiresAt: Date?
    /// The same expiry on the monotonic clock, which the engine acts on.
    var overrideDeadline: Instant?
    var lastHeartbeat: HeartbeatRecord?
    /// When the last heartbeat arrived, on the engine's clock (nil before the first).
    var lastReceived: Instant?

    /// When the member stops holding its lease: a heartbeat's receipt plus the timeout in
    /// force then, or the coordinator's start plus one timeout (restart grace).
    var leaseExpiry: Instant?
    /// Only a heartbeat received since the coordinator started makes a member electable;
    /// grace protects a role already held, it never wins one.
    var heartbeatSinceStart = false
    /// Start of the current uninterrupted run of liveness (the election's second key).
    var liveSince: Instant?
    /// Since when this member's score has been strictly above the Primary's (hysteresis).
    var betterThanPrimarySince: Instant?

    init(registration: MemberRegistration, registeredAt: Date) {
        self.registration = registration
        self.registeredAt = registeredAt
    }

    var id: MemberID { registration.id }
    var score: Double { lastHeartbeat?.score ?? 0 }
    var isDrained: Bool { roleOverride == .secondary }

    /// The member may still be acting on a role it was given: its lease has not run out.
    func holdsLease(at now: Instant) -> Bool {
        guard let leaseExpiry else { return false }
        return now < leaseExpiry
    }

    /// Live in the contract's sense: a heartbeat received since start, within the timeout.
    func isLive(at now: Instant) -> Bool {
        heartbeatSinceStart && holdsLease(at: now)
    }

    /// May win an election now.
    func isEligible(at now: Instant) -> Bool {
        isLive(at: now) && !isDrained
    }
}
