/// The shared coordinator's queue of group operations: which batches may start now. At most
/// `concurrent` batches run at once and each takes up to `limit` operations in arrival
/// order, so operations that arrive while a transaction runs make the next batch bigger.
struct PendingBatches<Operation: Sendable>: Sendable {
    let limit: Int
    let concurrent: Int
    private var queue: [Operation] = []
    private var running = 0

    init(limit: Int, concurrent: Int) {
        self.limit = max(1, limit)
        self.concurrent = max(1, concurrent)
    }

    /// Queues `operation`; answers the batches to start now (none while enough run).
    mutating func enqueue(_ operation: Operation) -> [[Operation]] {
        queue.append(operation)
        return startable()
    }

    /// A batch has finished: answers the batches to start now.
    mutating func finished() -> [[Operation]] {
        running -= 1
        return startable()
    }

    private mutating func startable() -> [[Operation]] {
        var batches: [[Operation]] = []
        while running < concurrent, !queue.isEmpty {
            let batch = Array(queue.prefix(limit))
            queue.removeFirst(batch.count)
            running += 1
            batches.append(batch)
        }
        return batches
    }
}
