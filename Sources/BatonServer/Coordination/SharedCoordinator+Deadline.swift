import BatonStore

extension SharedCoordinator {
    /// Runs `work`, but gives up waiting for it once `limit` has passed: a transaction that
    /// never ends (a lease or a statement the database driver never completes) must not hold
    /// this instance's one transaction slot, and with it every group operation, for ever. The
    /// abandoned work may still commit, so the answer says the outcome is unknown, and the
    /// failure starts the outage handling that replaces the connection pool.
    static func withinDeadline<Value: Sendable>(
        _ limit: Duration, _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let answered = FirstOfTwo()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let timer = Task {
                do { try await Task.sleep(for: limit) } catch { return }
                guard answered.claim() else { return }
                continuation.resume(throwing: SharedStoreError.outcomeUnknown(
                    "the database did not finish the transaction within \(limit)"))
            }
            Task {
                let result: Result<Value, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                timer.cancel()
                guard answered.claim() else { return }
                continuation.resume(with: result)
            }
        }
    }
}
