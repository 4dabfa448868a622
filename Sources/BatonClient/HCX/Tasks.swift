import Foundation

/// Tasks as HCX lists them (`/hybridity/api/interconnect/tasks`): HA group tasks and Client
/// Failover failover tasks alike.
extension BatonClient {
    /// One page of the tasks the principal may read, newest first.
    public func tasks(offset: Int = 0, pageSize: Int = 20) async throws -> HCXTaskPage {
        try await send(.GET, Self.hcxBase + "/tasks" + Self.query([("offset", "\(offset)"), ("pageSize", "\(pageSize)")])).decode(HCXTaskPage.self)
    }

    public func task(_ id: String) async throws -> HCXTask {
        try await send(.GET, Self.hcxBase + "/tasks/" + Self.segment(id)).decode(HCXTask.self)
    }

    /// The task each time it changes, until it is finished. HA groups have no event stream,
    /// so this reads the task every `interval`.
    public func followTask(_ id: String, every interval: Duration = .milliseconds(250)) -> AsyncThrowingStream<HCXTask, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HCXTask, any Error>.makeStream()
        let follower = Task {
            var last: HCXTask?
            do {
                while true {
                    let task = try await task(id)
                    if task != last {
                        continuation.yield(task)
                        last = task
                    }
                    if task.status.isFinished { break }
                    try await Task.sleep(for: interval)
                }
                continuation.finish()
            } catch is CancellationError {
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in follower.cancel() }
        return stream
    }
}
