import Synchronization

/// A flag one task waits on and others raise: "heartbeat now", "the lease changed". Raising
/// it while nobody waits is remembered until the waiter lowers it, so a raise is never lost
/// between the waiter's check and its wait. One waiter at a time.
final class Wakeup: Sendable {
    private struct Inner {
        var raised = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let inner = Mutex(Inner())

    func raise() {
        let waiter = inner.withLock { inner -> CheckedContinuation<Void, Never>? in
            inner.raised = true
            defer { inner.waiter = nil }
            return inner.waiter
        }
        waiter?.resume()
    }

    func lower() {
        inner.withLock { $0.raised = false }
    }

    var isRaised: Bool { inner.withLock { $0.raised } }

    /// Returns once raised (at once when it already is) or when the task is cancelled. Does
    /// not lower it.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = inner.withLock { inner -> Bool in
                    if inner.raised || Task.isCancelled { return true }
                    inner.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = inner.withLock { inner -> CheckedContinuation<Void, Never>? in
                defer { inner.waiter = nil }
                return inner.waiter
            }
            waiter?.resume()
        }
    }
}
