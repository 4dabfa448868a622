import BatonClient
import Synchronization

/// A `MonotonicClock` that moves only when the test moves it: lease deadlines and heartbeat
/// times become exact, whatever the machine's load.
final class ManualClock: MonotonicClock {
    private struct Sleeper {
        var deadline: MonotonicInstant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Inner {
        var now = MonotonicInstant(sinceOrigin: .seconds(1000))
        var sleepers: [Int: Sleeper] = [:]
        var nextSleeper = 0
    }

    private let inner = Mutex(Inner())

    var now: MonotonicInstant { inner.withLock { $0.now } }

    func sleep(until deadline: MonotonicInstant) async throws {
        let id = inner.withLock { inner -> Int in
            defer { inner.nextSleeper += 1 }
            return inner.nextSleeper
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = inner.withLock { inner -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if inner.now >= deadline { return .success(()) }
                    inner.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = inner.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock to `instant` (never back) and wakes whoever sleeps until then.
    func advance(to instant: MonotonicInstant) {
        let due = inner.withLock { inner -> [Sleeper] in
            inner.now = max(inner.now, instant)
            let now = inner.now
            let due = inner.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { inner.sleepers[id] = nil }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    func advance(by duration: Duration) {
        advance(to: now + duration)
    }
}
