import Synchronization

/// How many heartbeats one client may have held by the server at once (`Baton-Hold`). A held
/// heartbeat keeps one of the client's pooled connections busy for up to T/2; were every
/// connection held, a Primary sharing the client would queue its heartbeat behind them and
/// could lose its lease. Past the limit a heartbeat is sent unheld, and answered at once.
final class HoldSlots: Sendable {
    /// Half of the connection pool (8 per host): the other half is always free for heartbeats
    /// that must not wait, streams and everything else.
    static let perClient = 4

    private let inUse = Mutex(0)
    let limit: Int

    init(limit: Int = HoldSlots.perClient) {
        self.limit = limit
    }

    /// Takes a slot; false when all are taken.
    func take() -> Bool {
        inUse.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func giveBack() {
        inUse.withLock { $0 = max(0, $0 - 1) }
    }
}
