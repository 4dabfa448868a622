import HeapModule

/// The one owner of every deadline in the engine: a min-heap of (instant, group), like
/// etcd's lessor. A group is queued under the earliest instant at which time alone could
/// change its decision. Entries are never searched for or removed early: when a deadline
/// moves later (a heartbeat renewed a lease) the old entry fires early, the group is
/// re-evaluated and queued again; a superseded entry is recognised and skipped because it
/// no longer matches the group's `scheduledWakeup`.
struct DeadlineQueue {
    struct Entry: Comparable {
        var deadline: Instant
        var group: GroupKey

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            if lhs.deadline != rhs.deadline { return lhs.deadline < rhs.deadline }
            return lhs.group < rhs.group
        }
    }

    private var heap = Heap<Entry>()

    var earliest: Instant? { heap.min?.deadline }
    var count: Int { heap.count }

    mutating func schedule(_ group: GroupKey, at deadline: Instant) {
        heap.insert(Entry(deadline: deadline, group: group))
    }

    /// Removes and returns every entry due at `now`.
    mutating func popDue(at now: Instant) -> [Entry] {
        var due: [Entry] = []
        while let first = heap.min, first.deadline <= now {
            due.append(heap.removeMin())
        }
        return due
    }
}
