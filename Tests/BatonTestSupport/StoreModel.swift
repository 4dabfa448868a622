import BatonCore

/// What a store holds after applying, in order, everything the engine drained, with each
/// change's documented meaning (`deleteGroup` takes the group's members and history with it).
public struct StoreModel {
    public var groups: [GroupKey: GroupRecord] = [:]
    public var members: [MemberKey: MemberRecord] = [:]
    public var history: [GroupKey: [GroupEvent]] = [:]
    public var collections: [CollectionKey: AccessControlList] = [:]
    public var tasks: [String: FailoverTask] = [:]
    public var appliances: [ApplianceKey: ApplianceRecord] = [:]
    public var tombstones: [GroupKey: GroupTombstone] = [:]

    public init() {}

    public mutating func apply(_ changes: [DurableChange]) {
        for change in changes {
            switch change {
            case .saveGroup(let record):
                groups[record.key] = record
            case .deleteGroup(let key):
                groups[key] = nil
                members = members.filter { $0.key.group != key }
                history[key] = nil
            case .saveMember(let record):
                members[record.key] = record
            case .deleteMember(let key):
                members[key] = nil
            case .appendEvent(let event):
                history[event.group, default: []].append(event)
            case .saveCollectionAccessControl(let key, let list):
                collections[key] = list
            case .saveTask(let task):
                tasks[task.id] = task
            case .saveAppliance(let appliance):
                appliances[appliance.key] = appliance
            case .deleteAppliance(let key):
                appliances[key] = nil
            case .saveTombstone(let tombstone):
                // The embedded store keeps only the wall-clock end; a restart rebuilds the instant.
                var kept = tombstone
                kept.leaseEndInstant = nil
                tombstones[tombstone.key] = kept
            }
        }
    }

    /// Soft state written lazily: last heartbeats and watermarks of what the store still has.
    public mutating func apply(_ soft: SoftStateBatch) {
        for (key, heartbeat) in soft.heartbeats where members[key] != nil {
            members[key]!.lastHeartbeat = heartbeat
        }
        for (key, watermark) in soft.watermarks where groups[key] != nil {
            groups[key]!.watermark = watermark
        }
    }

    public var snapshot: EngineSnapshot {
        EngineSnapshot(
            groups: groups.values.sorted { $0.key < $1.key },
            members: members.values.sorted { ($0.group, $0.registration.id) < ($1.group, $1.registration.id) },
            collectionAccessControl: collections,
            tasks: tasks.values.sorted { $0.createdAt < $1.createdAt },
            appliances: appliances.values.sorted { $0.registration.id < $1.registration.id },
            tombstones: tombstones.values.sorted { $0.key < $1.key })
    }
}
