import Foundation

/// Planned failover as a task: `…/groups/{id}/failover` and `…/tasks/{id}`.
extension BatonClient {
    /// Queues a failover of `group` (to `request.targetSessionID`, or the best live standby,
    /// now or at `request.scheduledTime`). A refusal is a `BatonAPIError` with status 409 and
    /// `code` `NoLiveStandby`, `FailoverInProgress`, `TargetIsPrimary` or `RoleOverrideHolds`.
    public func requestFailover(of group: String, _ request: FailoverRequest = FailoverRequest()) async throws -> FailoverTask {
        try await send(.POST, groupPath(group) + "/failover", json: request)
            .decode(FailoverTask.self)
    }

    public func failoverTask(_ id: String) async throws -> FailoverTask {
        try await send(.GET, taskPath(id)).decode(FailoverTask.self)
    }

    /// Cancels a task that is still QUEUED (else 409 `TaskNotCancelable`).
    @discardableResult
    public func cancelFailoverTask(_ id: String) async throws -> FailoverTask {
        try await send(.DELETE, taskPath(id)).decode(FailoverTask.self)
    }

    /// The task each time it changes, until it is finished (SUCCESS, FAILED or CANCELED),
    /// without polling: it listens to the group's event stream and reads the task again at
    /// each event of the group (every step of a task is an event). The first element is the
    /// task as it is when the stream is open, so no change is missed.
    public func followFailoverTask(_ id: String, of group: String) async throws -> AsyncThrowingStream<FailoverTask, any Error> {
        let events = try await eventStream(of: group)
        let first = try await failoverTask(id)
        return TaskFollower.follow(events: events, first: first, isFinished: { $0.status.isFinished }) {
            try await self.failoverTask(id)
        }
    }

    func taskPath(_ id: String) -> String {
        clientFailoverBase + "/tasks/" + Self.segment(id)
    }
}
