import BatonCore
import BatonStore
import Logging

/// With authentication required and no admin yet, nobody could manage anything: say how to
/// create the first one.
enum FirstAdminHint {
    static func logIfNeeded(principals: any PrincipalStore, settings: ServerSettings, logger: Logger) async throws {
        guard try await !principals.principals().contains(where: { $0.principal.role == .admin }) else { return }
        logger.warning(
            "authentication is required but no admin exists yet; create one with: baton users add --data-dir \(settings.dataDirectory) --username admin --tenant default --role admin")
    }
}
