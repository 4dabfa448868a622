import BatonCore

/// A store that several Baton instances share (PostgreSQL). There is no engine that lives
/// across requests: every change to a group happens inside one transaction that holds the
/// group's row lock, reads the database clock after taking it, rebuilds the group from its
/// image, runs the engine and writes back what changed (see `SharedCoordinator`).
public protocol SharedStore: Sendable {
    /// Runs `body` in one READ COMMITTED transaction on one connection: committed when it
    /// returns, rolled back when it throws. Throws `SharedStoreError.unavailable` when nothing
    /// was changed and `SharedStoreError.outcomeUnknown` when the connection was lost after
    /// COMMIT was sent.
    func transaction<Result: Sendable>(
        _ body: @Sendable (any SharedTransaction) async throws -> Result
    ) async throws -> Result

    /// One page of a group's history, oldest first, with the total count.
    func events(of group: GroupKey, skip: Int, count: Int) async throws -> EventPage
    /// Up to `limit` events of a group's history with a sequence above `sequence`, oldest first.
    func events(of group: GroupKey, after sequence: Int64, limit: Int) async throws -> [GroupEvent]

    /// Records that this instance is serving, and answers the database time at which
    /// service last resumed after a gap longer than `outage` in which no instance could
    /// write (every instance down, or the database unreachable). Only an instance that is
    /// `resuming` (starting, or back after failing to reach the database) judges the gap;
    /// one that has been serving all along only records that it still is.
    func markServing(outage: Duration, resuming: Bool, clockSkew: Duration) async throws -> Instant?

    /// Tries the database with a connection of its own and, when it answers, starts using
    /// fresh connections (see `PostgresStore.reconnect`). Throws when it does not answer.
    func reconnect() async throws

    /// Group totals over every tenant (metrics).
    func groupCounts() async throws -> GroupCounts

    /// Notices of history any instance commits, as long as the stream is read.
    func changeNotices() -> AsyncStream<ChangeNotice>

    /// Closes every connection.
    func shutdown() async
}

/// What one transaction can do. Times are database-clock nanoseconds since the Unix epoch.
public protocol SharedTransaction: Sendable {
    /// The shared virtual time now — the database's clock (`clock_timestamp()`) with its steps
    /// taken out (`VirtualClock`) — plus the skew, and when service last resumed (the value
    /// `markServing` keeps). Read after the locks are held.
    func now(clockSkew: Duration) async throws -> SharedClockReading

    /// Locks the groups that exist among `keys` (`SELECT … FOR UPDATE`, in key order so two
    /// transactions cannot deadlock) and loads them with their members.
    func lockGroups(_ keys: [GroupKey]) async throws -> [GroupImage]

    /// `lockGroups` and `now` together: the clock read after the locks are held, in as few
    /// round trips as the store can (the heartbeat path runs this once per batch). Also
    /// answers each group's stored wake-up time, where it has one (see `SharedWrite.SavedGroup`).
    func lockGroupsReadingClock(_ keys: [GroupKey], clockSkew: Duration) async throws -> LockedGroups

    /// Every group of a tenant with its members. With `lock`, the tenant itself is locked first
    /// (so two transactions changing one tenant run one after the other even when it has no
    /// group) and then its groups (`FOR UPDATE`).
    func groups(tenant: String, lock: Bool) async throws -> [GroupImage]

    /// Claims up to `limit` groups whose wake-up time has come (`wake_at <= now`) and that
    /// no other transaction holds (`FOR UPDATE SKIP LOCKED`), locked and loaded.
    func claimDueGroups(at now: Instant, limit: Int) async throws -> [GroupImage]

    /// Tasks by id, and every task of a tenant (finished ones included).
    func tasks(ids: [String]) async throws -> [FailoverTask]
    func tasks(tenant: String) async throws -> [FailoverTask]
    func appliances(tenant: String) async throws -> [ApplianceRecord]
    /// What deleted groups left at these addresses.
    func tombstones(_ keys: [GroupKey]) async throws -> [GroupTombstone]
    func collectionAccessControl(tenant: String) async throws -> [CollectionKey: AccessControlList]

    /// Writes a transaction's changes, each kind in one statement however many rows it has.
    /// A saved group whose `expectedEpoch` no longer matches the row throws
    /// `SharedStoreError.conflict`: the compare-and-set that keeps two instances from both
    /// promoting, even if a lock were ever missing.
    func write(_ changes: SharedWrite) async throws
}

public struct SharedClockReading: Sendable, Equatable {
    public var now: Instant
    public var resumedAt: Instant?

    public init(now: Instant, resumedAt: Instant?) {
        self.now = now
        self.resumedAt = resumedAt
    }
}

/// What `lockGroupsReadingClock` answers.
public struct LockedGroups: Sendable {
    public var images: [GroupImage]
    /// The wake-up time stored with each group that has one.
    public var wakeUps: [GroupKey: Instant]
    public var reading: SharedClockReading

    public init(images: [GroupImage], wakeUps: [GroupKey: Instant], reading: SharedClockReading) {
        self.images = images
        self.wakeUps = wakeUps
        self.reading = reading
    }
}

/// Everything one transaction changed.
public struct SharedWrite: Sendable {
    public struct SavedGroup: Sendable {
        public var image: GroupImage
        /// The epoch the row had when locked; nil for a group this transaction created.
        public var expectedEpoch: UInt64?
        /// When an instance should next evaluate the group (nil: nothing scheduled).
        public var wakeAt: Instant?

        public init(image: GroupImage, expectedEpoch: UInt64?, wakeAt: Instant?) {
            self.image = image
            self.expectedEpoch = expectedEpoch
            self.wakeAt = wakeAt
        }
    }

    /// Groups removed, with their members and history (applied first).
    public var deletedGroups: [GroupKey] = []
    /// What the removed groups left at their addresses.
    public var tombstones: [GroupTombstone] = []
    /// Groups whose row changed; their members are in `savedMembers` when they changed.
    public var savedGroups: [SavedGroup] = []
    /// Members new to their group (or not known to be there): inserted, or replaced if present.
    public var savedMembers: [MemberImage] = []
    /// Members this transaction loaded with their group and changed (a heartbeat's receipt):
    /// updated in place, each row required to be there.
    public var changedMembers: [MemberImage] = []
    public var deletedMembers: [MemberKey] = []
    public var events: [GroupEvent] = []
    public var tasks: [FailoverTask] = []
    public var savedAppliances: [ApplianceRecord] = []
    public var deletedAppliances: [ApplianceKey] = []
    /// A namespace's list, or nil to remove it.
    public var collectionAccessControl: [(CollectionKey, AccessControlList?)] = []

    public init() {}

    public var isEmpty: Bool {
        deletedGroups.isEmpty && tombstones.isEmpty && savedGroups.isEmpty && savedMembers.isEmpty && changedMembers.isEmpty
            && deletedMembers.isEmpty
            && events.isEmpty && tasks.isEmpty && savedAppliances.isEmpty && deletedAppliances.isEmpty
            && collectionAccessControl.isEmpty
    }
}

public enum SharedStoreError: Error, Equatable, CustomStringConvertible {
    /// A compare-and-set failed or a row appeared concurrently (a unique key): the whole
    /// transaction is retried on fresh state.
    case conflict(String)
    /// The database cannot be reached or refused the statement for a reason retrying later
    /// may fix.
    case unavailable(String)
    /// The connection was lost while COMMIT was sent or answered: the transaction may have
    /// been committed or not, and only reading the data again tells which.
    case outcomeUnknown(String)

    public var description: String {
        switch self {
        case .conflict(let what): return "concurrent change: \(what)"
        case .unavailable(let why): return "database unavailable: \(why)"
        case .outcomeUnknown(let why): return "database unavailable during COMMIT, outcome unknown: \(why)"
        }
    }
}
