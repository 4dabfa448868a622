import BatonCore
import BatonStore

/// How a shared-store transaction builds its engine and writes back what changed.
extension SharedCoordinator {
    /// A fresh engine at the transaction's database time holding the loaded groups and what
    /// their operations may consult: their tasks, the namespaces' access control lists and,
    /// for HA groups, the tenant's appliances.
    static func engine(
        for images: [GroupImage], at reading: SharedClockReading, in transaction: any SharedTransaction,
        tenants: Set<String>, accessControlNeeded: Bool, appliancesNeeded: Bool, allTasks: Bool = false,
        tombstones: [GroupTombstone] = []
    ) async throws -> Engine {
        let engine = Engine(clock: FixedClock(databaseNanoseconds: reading.now.nanoseconds))
        if allTasks {
            for tenant in tenants { engine.load(tasks: try await transaction.tasks(tenant: tenant)) }
        } else {
            let active = images.compactMap(\.record.activeTask)
            if !active.isEmpty { engine.load(tasks: try await transaction.tasks(ids: active)) }
        }
        for tenant in tenants.sorted() {
            // Without authentication every request is the anonymous admin: lists never apply.
            if accessControlNeeded {
                engine.load(collectionAccessControl: try await transaction.collectionAccessControl(tenant: tenant))
            }
            if appliancesNeeded { engine.load(appliances: try await transaction.appliances(tenant: tenant)) }
        }
        for image in images { engine.install(image, resumedAt: reading.resumedAt) }
        for tombstone in tombstones { engine.install(tombstone, restarted: false) }
        return engine
    }

    /// Whether the operations changed anything that would have to be written.
    static func hasChanges(_ engine: Engine, loaded: [GroupImage]) -> Bool {
        if !engine.journalIsEmpty { return true }
        let before = Dictionary(uniqueKeysWithValues: loaded.map { ($0.key, $0) })
        if engine.groupKeys.count != before.count { return true }
        return engine.groupKeys.contains { engine.image(of: $0) != before[$0] }
    }

    /// Writes every changed group (with a compare-and-set on the epoch it was loaded with),
    /// its changed members, and the journal's events, tasks, appliances and lists; answers
    /// the journal for the event log. `alwaysSave` rewrites the loaded groups even when
    /// unchanged, so a claimed group's wake-up time moves on.
    ///
    /// When only members changed (a heartbeat's receipt, the common case) and the wake-up
    /// time stored with the group (`storedWakeUps`) is no later than the new one, the group's
    /// row is left as it is: the group is then only woken early, finds nothing due and stores
    /// the later time (`alwaysSave`). That spares the row — with its wake-up index, never a
    /// cheap in-place update — one rewrite per heartbeat; a wake-up that comes earlier than
    /// the stored one is always written.
    static func writeBack(
        _ engine: Engine, loaded: [GroupImage], storedWakeUps: [GroupKey: Instant] = [:], touched: [GroupKey],
        alwaysSave: Bool, in transaction: any SharedTransaction
    ) async throws -> [DurableChange] {
        let journal = engine.drainJournal()
        var write = SharedWrite()
        var deleted = Set<GroupKey>()
        for change in journal {
            switch change {
            case .deleteGroup(let key):
                write.deletedGroups.append(key)
                deleted.insert(key)
            case .saveTombstone(let tombstone): write.tombstones.append(tombstone)
            case .appendEvent(let event): write.events.append(event)
            case .saveTask(let task): write.tasks.append(task)
            case .saveAppliance(let appliance): write.savedAppliances.append(appliance)
            case .deleteAppliance(let key): write.deletedAppliances.append(key)
            case .saveCollectionAccessControl(let key, let list): write.collectionAccessControl.append((key, list))
            case .saveGroup, .saveMember, .deleteMember:
                break  // Groups and members are written from their images below.
            }
        }
        let before = Dictionary(uniqueKeysWithValues: loaded.map { ($0.key, $0) })
        for key in Set(touched).union(engine.groupKeys).sorted() {
            guard let after = engine.image(of: key) else { continue }
            let previous = deleted.contains(key) ? nil : before[key]
            guard previous != after || alwaysSave else { continue }
            let previousMembers = Dictionary(uniqueKeysWithValues: (previous?.members ?? []).map { ($0.id, $0) })
            for member in after.members {
                guard let before = previousMembers[member.id] else {
                    write.savedMembers.append(member)
                    continue
                }
                if before != member { write.changedMembers.append(member) }
            }
            let remaining = Set(after.members.map(\.id))
            for id in previousMembers.keys.sorted() where !remaining.contains(id) {
                write.deletedMembers.append(MemberKey(group: key, member: id))
            }
            let wakeAt = engine.wakeAt(of: key)
            if !alwaysSave, let previous, previous.differsOnlyInMembers(from: after), let stored = storedWakeUps[key],
               wakeAt.map({ stored <= $0 }) ?? true {
                continue
            }
            write.savedGroups.append(.init(image: after, expectedEpoch: previous?.record.epoch, wakeAt: wakeAt))
        }
        if !write.isEmpty { try await transaction.write(write) }
        return journal
    }
}

extension GroupImage {
    /// Whether the two are the same group row: equal but for their members.
    func differsOnlyInMembers(from other: GroupImage) -> Bool {
        var other = other
        other.members = members
        return self == other
    }
}
