import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Writes every refusal of an HCX (`/hybridity`) route as HCX does: `{"errors":[{"code","message"}]}`
/// with the status `ErrorResponseMiddleware.translate(_:)` gives, except 401 and 403, which
/// have no body (a 401 keeps its `WWW-Authenticate` challenge). It sits inside the routers'
/// `ErrorResponseMiddleware`, on the HCX group only, so a route miss (which never reaches a
/// group's middleware) keeps the routers' behaviour.
struct HCXErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // The router's own miss: leave it to the exact/tolerant router pair.
            throw error
        } catch {
            let apiError = ErrorResponseMiddleware<Context>.translate(error)
            let isServerError = apiError.status.kind == .serverError
            context.logger.log(
                level: isServerError ? .error : .debug, "request refused",
                metadata: [
                    "status": "\(apiError.status.code)", "method": "\(request.method)", "path": "\(request.uri.path)",
                    "error": "\(isServerError ? "\(error)" : apiError.reason)",
                ])
            return Self.response(for: apiError, path: request.uri.path)
        }
    }

    /// Whether a path belongs to the HCX API (and its refusals get the HCX body).
    static func serves(_ path: String) -> Bool {
        path.lowercased().hasPrefix("/hybridity/")
    }

    static func response(for apiError: APIError, path: String) -> Response {
        switch apiError.status {
        case .unauthorized:
            var headers: HTTPFields = [:]
            if let challenge = apiError.headers[.wwwAuthenticate] { headers[.wwwAuthenticate] = challenge }
            return Response(status: .unauthorized, headers: headers)
        case .forbidden:
            return Response(status: .forbidden)
        default:
            let message = apiError.status == .internalServerError
                ? "An unexpected error occurred; it has been logged."
                // The shared messages say "failover group"; here it may be an HA group.
                : apiError.reason.replacingOccurrences(of: "The failover group", with: "The group")
            let body = JSONValue.object([
                "errors": .array([.object([
                    "code": .string(code(for: apiError, path: path)),
                    "message": .string(message),
                ])]),
            ])
            var headers = apiError.headers
            headers[.wwwAuthenticate] = nil
            return .json(body, status: apiError.status, headers: headers)
        }
    }

    /// The HCX `code` of a refusal.
    static func code(for apiError: APIError, path: String) -> String {
        switch apiError.status {
        case .notFound: return "NotFound"
        case .conflict: return apiError.code ?? "Conflict"
        case .badRequest: return path.lowercased().contains("/ha/groups") ? "GroupActionBadRequest" : "BadRequest"
        case .contentTooLarge: return "PayloadTooLarge"
        case .tooManyRequests: return "TooManyRequests"
        case .serviceUnavailable: return apiError.code ?? "ServiceUnavailable"
        case .internalServerError: return "HAInternalServerError"
        case .methodNotAllowed: return "MethodNotAllowed"
        default: return apiError.code ?? (apiError.status.kind == .serverError ? "HAInternalServerError" : "BadRequest")
        }
    }
}
