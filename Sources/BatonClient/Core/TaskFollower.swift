/// Follows a failover task of either API without polling: the task is read once when the
/// group's event stream is open and again at each event of the group (every step of a task
/// is an event), and each version that differs from the last is passed on until the task is
/// finished. Opening the stream before the first read is what makes a missed change
/// impossible.
enum TaskFollower {
    static func follow<Task: Equatable & Sendable, Events: AsyncSequence & Sendable>(
        events: Events, first: Task, isFinished: @escaping @Sendable (Task) -> Bool,
        read: @escaping @Sendable () async throws -> Task
    ) -> AsyncThrowingStream<Task, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Task, any Error>.makeStream()
        let follower = _Concurrency.Task {
            var last = first
            continuation.yield(first)
            do {
                if !isFinished(first) {
                    for try await _ in events {
                        let task = try await read()
                        if task != last {
                            continuation.yield(task)
                            last = task
                        }
                        if isFinished(task) { break }
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in follower.cancel() }
        return stream
    }
}
