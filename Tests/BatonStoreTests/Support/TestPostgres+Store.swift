@testable import BatonStore
import BatonTestSupport

extension TestPostgres {
    /// Runs `body` on a store opened on a new database (`withFreshDatabase`), shut down afterwards.
    static func withStore<Result>(_ body: (PostgresStore) async throws -> Result) async throws -> Result {
        try await withFreshDatabase { url in
            let store = try await PostgresStore.open(url: url, logger: logger)
            do {
                let result = try await body(store)
                await store.shutdown()
                return result
            } catch {
                await store.shutdown()
                throw error
            }
        }
    }
}
