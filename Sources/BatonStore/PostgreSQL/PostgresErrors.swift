import NIOCore
import PostgresNIO

/// What PostgreSQL's and PostgresNIO's errors mean to a caller of the shared store.
enum PostgresErrors {
    /// `conflict` for a unique violation, a serialization failure or a deadlock (retry on fresh
    /// state); `unavailable` for anything that says the database cannot be reached now; every
    /// other error unchanged (the caller's own errors thrown from a transaction included).
    static func shared(_ error: any Error) -> any Error {
        switch error {
        case let error as SharedStoreError:
            return error
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return shared(inner) }
            return error
        case let error as PSQLError:
            return shared(error)
        case is ChannelError, is IOError, is NIOConnectionError:
            return SharedStoreError.unavailable(String(describing: error))
        // The pool's own error (its circuit breaker gave up connecting) comes from an
        // underscored module this target does not import: recognised by its type's name.
        case _ where String(describing: type(of: error)) == "ConnectionPoolError":
            return SharedStoreError.unavailable("the connection pool could not connect (\(error))")
        default:
            return error
        }
    }

    private static func shared(_ error: PSQLError) -> any Error {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            switch state {
            case "23505", "40001", "40P01":
                return SharedStoreError.conflict(reason(error))
            case _ where state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P"),
                "25P03": // idle_in_transaction_session_timeout
                return SharedStoreError.unavailable(reason(error))
            default:
                return error
            }
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
             .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return SharedStoreError.unavailable(reason(error))
        default:
            return error
        }
    }

    /// A readable reason that never includes bound values (they can be secrets).
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as PostgresTransactionError:
            return (error.closureError ?? error.beginError ?? error.commitError).map(reason) ?? "transaction failed"
        case let error as PSQLError:
            if let info = error.serverInfo {
                let message = info[.message] ?? "server error"
                return info[.sqlState].map { "\(message) (SQLSTATE \($0))" } ?? message
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        case let error as SharedStoreError:
            return error.description
        default:
            return String(describing: error)
        }
    }
}
