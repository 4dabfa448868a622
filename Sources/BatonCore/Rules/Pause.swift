import Foundation

/// A paused group (DESIGN.md "Pause") moves the role only when someone asks — a Primary
/// override, a planned failover, a drain. Nothing automatic: no election after a lease runs
/// out, no score preemption, no move away from a Primary at score 0. A Primary whose lease runs
/// out while paused stops being Primary and nobody takes its place until the pause ends or
/// someone asks. Heartbeats are answered and recorded as ever.
public struct GroupPause: Equatable, Sendable {
    /// When the group was paused (wall time, for people).
    public var since: Date
    /// Who paused it (the principal's name), nil with authentication off.
    public var by: String?
    public var reason: String?

    public init(since: Date, by: String?, reason: String?) {
        self.since = since
        self.by = by
        self.reason = reason
    }

    /// The longest reason kept: it is history, not a document.
    public static let reasonLimit = 1000
}

extension Engine {
    /// Pauses automatic role moves. Pausing a paused group changes nothing (and records
    /// nothing): the first pause's time, author and reason stay.
    public func pause(_ key: GroupKey, reason: String?) throws(EngineError) -> WriteOutcome {
        let group = try steeredGroup(key, reason: reason)
        let now = clock.now()
        evaluate(group, at: now)
        guard group.pause == nil else { return .unchanged }
        group.pause = GroupPause(since: now.wall, by: automatic ? nil : actorName, reason: reason)
        record(.groupPaused, in: group, at: now, from: group.primary, reason: "paused", detail: reason)
        evaluate(group, at: now)
        return .updated
    }

    /// Ends a pause: from now on the rules move the role again (an election at once when
    /// nobody holds it). Resuming a group that is not paused changes nothing.
    public func resume(_ key: GroupKey, reason: String?) throws(EngineError) -> WriteOutcome {
        let group = try steeredGroup(key, reason: reason)
        let now = clock.now()
        guard group.pause != nil else {
            evaluate(group, at: now)
            return .unchanged
        }
        group.pause = nil
        record(.groupResumed, in: group, at: now, from: group.primary, reason: "resumed", detail: reason)
        evaluate(group, at: now)
        return .updated
    }

    /// The group a pause or resume acts on, once the actor may steer it and the reason fits.
    private func steeredGroup(_ key: GroupKey, reason: String?) throws(EngineError) -> GroupState {
        try authorize(.steer, on: key)
        let group = try group(key)
        if let reason, reason.count > GroupPause.reasonLimit {
            throw .invalid(field: "Reason", problem: "is longer than \(GroupPause.reasonLimit) characters")
        }
        return group
    }
}
