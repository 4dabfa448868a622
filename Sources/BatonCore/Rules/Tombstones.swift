import Foundation

/// Identity across deletion (DESIGN.md): an epoch belongs to the group's address, not to one
/// incarnation. Deleting a group leaves a tombstone with its last epoch and the end of the
/// last lease or fence it granted; a group created again at that address goes on from that
/// epoch and promotes nobody before that end, so the member that held the old role cannot
/// overlap with a new Primary and no epoch is ever given out twice.
extension Engine {
    /// Forgets a group with its members and history, ends its failover task and leaves its
    /// tombstone. The deletion is journalled on its own, before any save, so a group of the
    /// same key created in the same batch starts afresh in the store too.
    func dropGroup(_ key: GroupKey, at now: Moment, taskMessage: String) {
        guard let group = groups[key] else { return }
        if let active = group.activeTask, let task = tasks[active], !task.status.isFinished {
            finish(active, in: group, as: .canceled, message: taskMessage, at: now)
        }
        let (leaseEnd, holder) = lastLease(of: group, at: now.instant)
        tombstones[key] = GroupTombstone(
            key: key, epoch: group.epoch, nextEventSequence: group.nextEventSequence,
            failoverTimeout: group.timeout, deletedAt: now.wall,
            leaseEnd: leaseEnd.map { now.wall.addingTimeInterval(($0 - now.instant).timeInterval) },
            leaseEndInstant: leaseEnd, leaseHolder: leaseEnd == nil ? nil : holder)
        dirtyTombstones.insert(key)
        groups[key] = nil
        deletedGroups.insert(key)
        dirtyGroups.remove(key)
        dirtyMembers = dirtyMembers.filter { $0.group != key }
        pendingEvents.removeAll { $0.group == key }
    }

    /// The latest instant until which a member may still act on a role this group gave — the
    /// Primary's lease, or the fence of a Primary removed while its lease ran — and that
    /// member when it is one known member. Nil when both are over.
    private func lastLease(of group: GroupState, at now: Instant) -> (end: Instant?, holder: MemberID?) {
        var lease: (until: Instant, holder: MemberID?)? = group.fenceUntil.flatMap { $0 > now ? ($0, group.fenceHolder) : nil }
        if let primary = group.primary.flatMap({ group.members[$0] }), primary.holdsLease(at: now),
           let expiry = primary.leaseExpiry {
            lease = GroupState.merge(lease, with: expiry, for: primary.id)
        }
        return (lease?.until, lease?.holder)
    }

    /// Carries a tombstone's promises into a group created at its address: the epoch goes on,
    /// the history's numbering goes on, and a lease still running fences the new group. The
    /// lease horizon makes a restart during that fence keep it (restart grace lasts at least
    /// until then). Answers a note for the creation event.
    func inherit(into group: GroupState, at now: Moment) -> String? {
        guard let tombstone = tombstones.removeValue(forKey: group.key) else { return nil }
        dirtyTombstones.remove(group.key)
        group.epoch = tombstone.epoch
        group.nextEventSequence = max(group.nextEventSequence, tombstone.nextEventSequence)
        var note = "created again after a deletion; the epoch goes on from \(tombstone.epoch)"
        if let end = tombstone.leaseEndInstant, end > now.instant {
            group.fence(until: end, for: tombstone.leaseHolder)
            if let wallEnd = tombstone.leaseEnd, wallEnd > now.wall {
                group.leaseHorizon = max(group.leaseHorizon ?? wallEnd, wallEnd)
            }
            let who = tombstone.leaseHolder.map { " but \($0), who held it," } ?? ""
            note += "; nobody\(who) is promoted for \(TimeSpan.format(end - now.instant)), until the deleted group's last lease has run out"
        }
        return note
    }

    /// Installs a tombstone the store kept. On the embedded store (`restarted`), the
    /// monotonic clock did not survive the restart: a lease the wall clock says may still
    /// run is respected for at least the deleted group's timeout from now (the restart-grace
    /// rule), at most a day. In shared mode instants are the database clock and are kept.
    public func install(_ tombstone: GroupTombstone, restarted: Bool) {
        guard groups[tombstone.key] == nil else { return }
        var tombstone = tombstone
        if restarted {
            let now = clock.now()
            tombstone.leaseEndInstant = nil
            if let end = tombstone.leaseEnd, end > now.wall {
                let fence = Self.grace(timeout: tombstone.failoverTimeout, horizon: end, at: now.wall)
                tombstone.leaseEndInstant = now.instant + fence
                tombstone.leaseEnd = now.wall.addingTimeInterval(fence.timeInterval)
            }
        }
        tombstones[tombstone.key] = tombstone
    }

    /// The tombstone at an address with no group, if any (for tests and the shared store).
    public func tombstone(at key: GroupKey) -> GroupTombstone? { tombstones[key] }
}

