import NIOCore

/// A NIO event loop as a Swift task executor: jobs of tasks that prefer it run on the loop's
/// thread, between its I/O. The server runs each connection's requests on their socket's loop
/// (`EventLoopBoundChannel`); the PostgreSQL store runs each call on its connection's loop
/// (`guardedQuery`). Jobs must not block for long — the same rule as for any code on an event
/// loop; the longest are the embedded store's commits of a change (a write and its fsync).
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
