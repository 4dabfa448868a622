import BatonClient
import Synchronization

/// The latest deadline seen, shared between tasks.
final class ManagedDeadline: Sendable {
    private let storage: Mutex<MonotonicInstant>

    init(_ value: MonotonicInstant) { storage = Mutex(value) }

    var value: MonotonicInstant { storage.withLock { $0 } }

    func set(_ value: MonotonicInstant) { storage.withLock { $0 = value } }
}
