import ServiceLifecycle

/// Runs the coordinator's background duties inside the application's service group: the
/// deadline timer and the periodic soft-state flush. On graceful shutdown (SIGTERM) it
/// flushes once more after the HTTP server has stopped taking requests.
struct CoordinatorService: Service {
    let coordinator: any Coordinator
    let flushInterval: Duration

    func run() async throws {
        await coordinator.start()
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: flushInterval)
                await coordinator.flushSoftState()
            }
        }
        await coordinator.shutdown()
    }
}
