import BatonCore
import Synchronization

/// The time every instance judges leases by: the database clock with its steps taken out.
///
/// PostgreSQL's `clock_timestamp()` is a wall clock: an NTP step, or a failover to a host
/// whose clock is ahead, moves it at once, and a lease judged on it would be shortened (or,
/// backwards, stretched) by the step. So the instances share a *virtual* time instead: the
/// database clock plus an offset, kept in one row (`baton_clock`: an anchor pair of database
/// time and virtual time, with a generation).
///
/// - Between anchors, virtual time follows the database clock; while the offset is not zero
///   it slews back towards it by `slew` (1 %: a virtual second lasts 0.99 to 1.01 database
///   seconds), so after a step virtual time returns to the wall clock without ever jumping.
/// - Every instance checks each reading against its own monotonic clock: since its previous
///   reading, virtual time may have advanced by the monotonic time that passed between the two
///   statements (bounded by when each was sent and answered), plus the slew, plus `tolerance`.
///   A reading outside that band means the database clock stepped; the instance then sets a
///   new anchor — virtual time = its previous reading + the least time that can have passed —
///   with a compare-and-set on the generation, so one step is corrected once, by whichever
///   instance sees it first, and every other instance then reads the corrected time.
///
/// Bound: a forward step of the database clock shortens no lease by more than `tolerance`
/// plus the round trips of the two readings that straddle it plus `slew` of the time between
/// them (an instance reads the clock at least every 500 ms); a backward step stretches leases
/// by at most as much, and virtual time never stops. Afterwards the slew may shorten a lease
/// by at most 1 % of its length while the offset is being worked off.
enum VirtualClock {
    static let slew = 0.01
    static let tolerance: Duration = .milliseconds(25)

    /// The shared row.
    struct Anchor: Equatable, Sendable {
        var generation: Int64
        var database: Int64?
        var virtual: Int64?
    }

    /// One reading by this instance: when its statement was sent and answered (monotonic) and
    /// the virtual time it gave.
    struct Observation: Equatable, Sendable {
        var sent: ContinuousClock.Instant
        var received: ContinuousClock.Instant
        var virtual: Int64
    }

    /// Virtual time at database time `database`: the anchor's offset, slewed towards zero by
    /// `slew` of the database time since the anchor. Never below the anchor's virtual time.
    static func virtual(at database: Int64, anchor: Anchor) -> Int64 {
        guard let anchorDatabase = anchor.database, let anchorVirtual = anchor.virtual else { return database }
        let elapsed = database - anchorDatabase
        guard elapsed > 0 else { return anchorVirtual }
        let offset = anchorVirtual - anchorDatabase
        let worked = Int64((Double(elapsed) * slew).rounded(.down))
        let remaining = offset > 0 ? max(0, offset - worked) : min(0, offset + worked)
        return database + remaining
    }

    /// Nil when `virtual`, read between `sent` and `received`, is what this instance's previous
    /// reading and its monotonic clock allow; otherwise the virtual time to set instead: the
    /// previous reading plus the least time that can have passed since (never ahead of real
    /// time, so a corrected step never shortens a lease).
    static func correction(after previous: Observation, sent: ContinuousClock.Instant, received: ContinuousClock.Instant,
                           virtual: Int64) -> Int64? {
        let least = (sent - previous.received).nanoseconds
        let most = (received - previous.sent).nanoseconds
        let slack = Int64((Double(max(most, 0)) * slew).rounded(.up)) + tolerance.nanoseconds
        let lower = previous.virtual + least - slack
        let upper = previous.virtual + most + slack
        guard virtual < lower || virtual > upper else { return nil }
        return previous.virtual + max(least, 0)
    }
}

/// One instance's side of the virtual clock: its latest reading, and (tests only) a step
/// added to the database clock as this instance reads it.
final class ClockGuard: Sendable {
    private let latest = Mutex<VirtualClock.Observation?>(nil)
    /// Simulates a step of the database clock (tests); zero otherwise.
    let injectedStep = Mutex<Duration>(.zero)

    var previous: VirtualClock.Observation? { latest.withLock { $0 } }

    /// Keeps the reading sent last.
    func record(_ observation: VirtualClock.Observation) {
        latest.withLock { latest in
            if let current = latest, current.sent > observation.sent { return }
            latest = observation
        }
    }
}
