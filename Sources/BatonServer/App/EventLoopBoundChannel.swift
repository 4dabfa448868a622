import HummingbirdCore
import BatonStore
import Logging
import NIOCore

/// Runs each connection's request handling on the event loop that owns its socket instead of
/// on Swift's global pool. Without it every request crossed threads twice — the loop handed
/// the parsed request to a pool thread and the pool thread handed the answer back — and when
/// the loop had gone idle in between, each crossing was a wake-up and a context switch: 2.6 of
/// them per heartbeat with the server on one core, against 0.2 per `GET /health`
/// (Benchmarks/heartbeat.sh reports both). On its own loop a request is read, answered and
/// written by one thread. Work that is not a connection's (lease expiry, the soft-state flush,
/// shared-mode notifications) still runs on the global pool.
struct EventLoopBoundChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}
