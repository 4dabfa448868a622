import Foundation

extension Engine {
    public static let maximumOverridePeriod: Duration = .seconds(366 * 86_400)

    /// Registers a member. The same registration again changes nothing; the same id and
    /// name with other `AdditionalData` replaces the data (as the vendor: only another name
    /// is a conflict); another name under the same id is a conflict.
    @discardableResult
    public func registerMember(_ registration: MemberRegistration, in key: GroupKey) throws(EngineError) -> WriteOutcome {
        try authorize(.participate, on: key)
        let group = try group(key)
        if let problem = IdentifierRule.problem(with: registration.id) {
            throw .invalid(field: "Id", problem: problem)
        }
        if let existing = group.members[registration.id] {
            guard existing.registration.name == registration.name else { throw .memberConflict(key, registration.id) }
            if existing.registration == registration { return .unchanged }
            let now = clock.now()
            group.members[registration.id]!.registration = registration
            markDirty(group, member: registration.id)
            record(.memberUpdated, in: group, at: now, to: registration.id, reason: ChangeReason.registered.rawValue,
                   detail: "AdditionalData replaced")
            return .updated
        }
        let now = clock.now()
        insertMember(registration, into: group, at: now)
        evaluate(group, at: now)
        return .created
    }

    /// Removes a member. If it was Primary and its lease still runs, it may still be acting
    /// on its role, so nobody is promoted until that lease would have run out (the fence);
    /// a Primary that wants an instant handover first sends a heartbeat with score 0.
    public func removeMember(_ id: MemberID, from key: GroupKey) throws(EngineError) {
        try authorize(.removeMember, on: key)
        let group = try group(key)
        guard let member = group.members[id] else { throw .memberNotFound(key, id) }
        let now = clock.now()
        if group.primary == id {
            if member.holdsLease(at: now.instant), let expiry = member.leaseExpiry {
                group.fence(until: expiry, for: id)
            }
            group.primary = nil
            record(.primaryChanged, in: group, at: now, from: id, to: nil, reason: ChangeReason.removed.rawValue)
        }
        if group.pending == id {
            group.pending = nil
            group.pendingReason = nil
            record(.handoverCancelled, in: group, at: now, from: group.primary, to: id,
                   reason: ChangeReason.removed.rawValue)
        }
        group.members[id] = nil
        markDirty(group, member: id)
        softHeartbeats.remove(MemberKey(group: key, member: id))
        record(.memberRemoved, in: group, at: now, from: id, reason: ChangeReason.removed.rawValue)
        evaluate(group, at: now)
    }

    public func member(_ id: MemberID, in key: GroupKey) throws(EngineError) -> MemberView {
        try authorize(.read, on: key)
        let group = try group(key)
        evaluate(group, at: clock.now())
        guard let member = group.members[id] else { throw .memberNotFound(key, id) }
        return view(of: member, in: group, at: clock.now().instant)
    }

    /// The group's members, ordered by id.
    public func members(of key: GroupKey) throws(EngineError) -> [MemberView] {
        try authorize(.read, on: key)
        let group = try group(key)
        let now = clock.now()
        evaluate(group, at: now)
        return group.members.values
            .sorted { $0.id < $1.id }
            .map { view(of: $0, in: group, at: now.instant) }
    }

    /// Sets or clears an override. `Primary` makes the member the desired Primary (and
    /// clears every other member's Primary override); `Secondary` drains it; `Off` clears.
    /// `expiration` nil means the override holds until changed.
    public func setRoleOverride(
        _ value: RoleOverride, expiration: Duration?, on id: MemberID, in key: GroupKey
    ) throws(EngineError) -> RoleOverrideAnswer {
        try authorize(.steer, on: key)
        let group = try group(key)
        guard group.members[id] != nil else { throw .memberNotFound(key, id) }
        if let expiration {
            guard expiration > .zero, expiration <= Self.maximumOverridePeriod else {
                throw .invalid(field: "ExpirationPeriod",
                               problem: "\(TimeSpan.format(expiration)) must be greater than zero and at most 366.00:00:00")
            }
        }
        let now = clock.now()
        if value == .primary {
            for (otherID, other) in group.members where otherID != id && other.roleOverride == .primary {
                group.members[otherID]!.roleOverride = .off
                group.members[otherID]!.overrideExpiresAt = nil
                group.members[otherID]!.overrideDeadline = nil
                markDirty(group, member: otherID)
                record(.roleOverrideCleared, in: group, at: now, to: otherID, reason: ChangeReason.override.rawValue,
                       detail: "replaced by a Primary override on \(id)")
            }
        }
        let effective = value == .off ? nil : expiration
        group.members[id]!.roleOverride = value
        group.members[id]!.overrideExpiresAt = effective.map { now.wall.addingTimeInterval($0.timeInterval) }
        group.members[id]!.overrideDeadline = effective.map { now.instant + $0 }
        markDirty(group, member: id)
        let until = effective.map { " for \(TimeSpan.format($0))" } ?? ""
        record(.roleOverrideSet, in: group, at: now, to: id, reason: ChangeReason.override.rawValue,
               detail: value.name + until)
        evaluate(group, at: now)
        let member = group.members[id]!
        return RoleOverrideAnswer(value: member.roleOverride, expirationTime: member.overrideExpiresAt)
    }

    /// The epoch while `id` holds the Primary role and its lease now, else nil: what a load
    /// balancer's probe asks (`…/clientsessions/{id}/primary`).
    public func heldPrimaryEpoch(of id: MemberID, in key: GroupKey) throws(EngineError) -> UInt64? {
        try authorize(.read, on: key)
        let group = try group(key)
        guard group.members[id] != nil else { throw .memberNotFound(key, id) }
        let now = clock.now()
        evaluate(group, at: now)
        guard group.primary == id, group.members[id]!.holdsLease(at: now.instant) else { return nil }
        return group.epoch
    }

    func view(of member: MemberState, in group: GroupState, at now: Instant) -> MemberView {
        MemberView(
            registration: member.registration, role: group.role(of: member.id), lastHeartbeat: member.lastHeartbeat,
            roleOverride: member.roleOverride, roleOverrideExpirationTime: member.overrideExpiresAt,
            isLive: member.isLive(at: now))
    }
}
