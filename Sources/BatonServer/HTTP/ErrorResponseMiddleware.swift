import BatonCore
import BatonJSON
import BatonWire
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every refusal into the Client Failover `ErrorResponse` body
/// `{OperationId, Error, Reason, Resolution}` with a fresh OperationId, also sent as the
/// `Operation-Id` header. Every refusal is logged with its OperationId: client errors at
/// debug level (a misbehaving client must not flood the log), server errors at error level.
struct ErrorResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    /// False on the exact-case router: a path it does not know is passed on (as `RouteMiss`)
    /// to the case-insensitive router instead of being answered 404.
    var routeMissIsFinal = true
    /// The routes this router serves: a final miss on a path one of them has, with another
    /// method, is a 405 with `Allow` (in the body of the path's API), not a 404.
    var routes: RouteTable? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && !routeMissIsFinal {
            throw RouteMiss()
        } catch {
            var apiError = Self.translate(error)
            if let miss = error as? HTTPError, miss.status == .notFound, let refusal = methodNotAllowed(request) {
                apiError = refusal
                if HCXErrorMiddleware<Context>.serves(request.uri.path) {
                    context.logger.debug("request refused", metadata: [
                        "status": "\(apiError.status.code)", "method": "\(request.method)", "path": "\(request.uri.path)",
                        "error": "\(apiError.reason)",
                    ])
                    return HCXErrorMiddleware<Context>.response(for: apiError, path: request.uri.path)
                }
            }
            let operationID = UUID().uuidString.lowercased()
            context.logger.log(
                level: apiError.status.kind == .serverError ? .error : .debug, "request refused",
                metadata: [
                    "operationId": "\(operationID)", "status": "\(apiError.status.code)",
                    "method": "\(request.method)", "path": "\(request.uri.path)",
                    "error": "\(apiError.status.kind == .serverError ? "\(error)" : apiError.reason)",
                ])
            var fields: [String: JSONValue] = [
                "OperationId": .string(operationID),
                "Error": .string(apiError.error),
                "Reason": .string(apiError.reason),
                "Resolution": .string(apiError.resolution),
            ]
            if let code = apiError.code { fields["Code"] = .string(code) }
            let body = JSONValue.object(fields)
            var headers = apiError.headers
            headers[.operationID] = operationID
            return Response.json(body, status: apiError.status, headers: headers)
        }
    }

    /// The 405 for a request whose path a route has, with another method; nil otherwise.
    private func methodNotAllowed(_ request: Request) -> APIError? {
        guard let allowed = routes?.methods(forPath: request.uri.path), !allowed.isEmpty,
              !allowed.contains(request.method) else { return nil }
        return .methodNotAllowed(request.method, allowed: allowed)
    }

    static func translate(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as BadRequest:
            return .badRequest(error.reason)
        case let error as EngineError:
            return APIError(error)
        case let error as CoordinationFailure:
            switch error {
            case .storeUnavailable(let detail): return .serviceUnavailable("The store could not be written: \(detail)")
            case .outcomeUnknown(let detail): return .outcomeUnknown(detail)
            }
        case let error as HTTPError where error.status == .notFound:
            return APIError(status: .notFound, error: "No such route.", reason: "No endpoint matches this path and method.",
                            resolution: "See /openapi.yaml for the endpoints Baton serves.")
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return APIError(status: .contentTooLarge, error: "The request body is too large.",
                            reason: "Request bodies are limited to \(RequestBodyReader.maximumBytes) bytes.",
                            resolution: "Send a smaller body.")
        case let error as any HTTPResponseError where error.status.kind == .clientError:
            return APIError(status: error.status, error: "The request is not valid.", reason: "\(error)",
                            resolution: "Correct the request and send it again.")
        default:
            return APIError(status: .internalServerError, error: "Internal error.",
                            reason: "An unexpected error occurred; it has been logged with this OperationId.",
                            resolution: "Retry; if it persists, report the OperationId.")
        }
    }
}

extension HTTPField.Name {
    static let operationID = Self("Operation-Id")!
    static let totalCount = Self("Total-Count")!
}
