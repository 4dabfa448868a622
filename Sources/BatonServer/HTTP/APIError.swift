import HTTPTypes

/// A refusal with the Client Failover `ErrorResponse` body. Handlers and request readers
/// throw it; `ErrorResponseMiddleware` writes it.
struct APIError: Error, Equatable {
    var status: HTTPResponse.Status
    var error: String
    var reason: String
    var resolution: String
    /// Extra headers, e.g. `Retry-After`.
    var headers: HTTPFields = [:]
    /// A machine-readable reason, written as the extra `ErrorResponse` key `Code`.
    var code: String? = nil

    static func badRequest(_ reason: String, resolution: String = "Correct the request and send it again.") -> APIError {
        APIError(status: .badRequest, error: "The request is not valid.", reason: reason, resolution: resolution)
    }

    static func notFound(_ reason: String) -> APIError {
        APIError(status: .notFound, error: "The resource was not found.", reason: reason,
                 resolution: "Check the ids in the path.")
    }

    static func conflict(_ reason: String, resolution: String) -> APIError {
        APIError(status: .conflict, error: "The request conflicts with the current state.", reason: reason,
                 resolution: resolution)
    }

    /// A known path asked with a method it does not serve; `Allow` lists the ones it does.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(status: .methodNotAllowed, error: "The method is not allowed on this path.",
                        reason: "\(method.rawValue) is not served on this path; it serves \(list).",
                        resolution: "Use one of the methods in the Allow header.",
                        headers: [.allow: list], code: "MethodNotAllowed")
    }

    static func serviceUnavailable(_ reason: String) -> APIError {
        APIError(status: .serviceUnavailable, error: "The service is temporarily unavailable.", reason: reason,
                 resolution: "Retry later; nothing was changed.", headers: [.retryAfter: "1"])
    }

    /// The store's connection was lost after the change was sent to be committed.
    static func outcomeUnknown(_ detail: String) -> APIError {
        APIError(status: .serviceUnavailable, error: "The service is temporarily unavailable.",
                 reason: "The connection to the store was lost while the change was being committed, so whether it was made is unknown: \(detail)",
                 resolution: "Read the resource to see whether the change was made before sending it again.",
                 headers: [.retryAfter: "1"])
    }
}
