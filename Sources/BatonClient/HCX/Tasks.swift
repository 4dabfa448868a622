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

    /// A force failover task of an HA group each time it changes, until it is finished: read
    /// again at each event of the group's stream (no polling). The stream is opened before
    /// the first read, so no change is missed.
    public func followHAGroupTask(_ id: String, of group: String) async throws -> AsyncThrowingStream<HCXTask, any Error> {
        let events = try await haGroupEventStream(of: group)
        let first = try await task(id)
        return TaskFollower.follow(events: events, first: first, isFinished: { $0.status.isFinished }) {
            try await self.task(id)
        }
    }

    /// The task each time it changes, until it is finished, read every `interval` (for a
    /// task whose group's stream the principal cannot open; `followHAGroupTask` follows the
    /// stream instead).
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
