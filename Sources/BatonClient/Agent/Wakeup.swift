import Synchronization

/// A flag tasks wait on and others raise: "heartbeat now", "the lease changed", "no guarded
/// work runs". Raising it while nobody waits is remembered until it is lowered, so a raise is
/// never lost between a waiter's check and its wait.
final class Wakeup: Sendable {
    private struct Inner {
        var raised = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let inner = Mutex(Inner())

    func raise() {
        let waiters = inner.withLock { inner -> [CheckedContinuation<Void, Never>] in
            inner.raised = true
            defer { inner.waiters.removeAll() }
            return Array(inner.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    func lower() {
        inner.withLock { $0.raised = false }
    }

    var isRaised: Bool { inner.withLock { $0.raised } }

    /// Returns once raised (at once when it already is) or when the task is cancelled. Does
    /// not lower it.
    func wait() async {
        let id = inner.withLock { inner -> Int in
            defer { inner.nextWaiter += 1 }
            return inner.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = inner.withLock { inner -> Bool in
                    if inner.raised || Task.isCancelled { return true }
                    inner.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = inner.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
