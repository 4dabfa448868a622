import Dispatch

/// A thread of its own for the embedded store's blocking calls. A commit waits for the disk
/// (fsync); run on the caller's event loop, that wait would also hold up every other
/// connection of the loop — among them the stream that carries a successor's hint and the
/// heartbeat that hint asks for.
struct StoreThread: Sendable {
    private let queue = DispatchQueue(label: "baton.store")

    func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Swift.Result { try body() }) }
        }
    }
}
