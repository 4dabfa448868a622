import Foundation
import NIOHTTP1

/// A refusal answered by the server (status 400 or more), in whichever of the three error
/// shapes the API uses: Client Failover `ErrorResponse` (`Reason`, `Error`, `Resolution`,
/// `Code`, `OperationId`), HCX `{"errors":[{"code","message"}]}`, or OAuth
/// `{"error","error_description"}`. HCX answers 401 and 403 with no body; then `reason` is
/// the status's own text.
public struct BatonAPIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// What went wrong, in the server's words: the `Reason`, HCX `message` or OAuth
    /// `error_description`.
    public var reason: String
    /// The kind of refusal (`Error` of an ErrorResponse, e.g. `The request conflicts with the
    /// current state.`), when the API gives one.
    public var error: String?
    /// What to do about it (`Resolution`), when the API gives one.
    public var resolution: String?
    /// A machine-readable code: `Code` of an ErrorResponse (`NoLiveStandby`,
    /// `TaskNotCancelable`, …), HCX `code`, or OAuth `error`.
    public var code: String?
    /// The `OperationId` of a Client Failover refusal, for the server's logs.
    public var operationID: String?
    /// `Retry-After`, in seconds, on a 429 or 503.
    public var retryAfter: Int?

    public init(status: Int, reason: String, error: String? = nil, resolution: String? = nil, code: String? = nil,
                operationID: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.reason = reason
        self.error = error
        self.resolution = resolution
        self.code = code
        self.operationID = operationID
        self.retryAfter = retryAfter
    }

    init(status: Int, headers: HTTPHeaders, body: Data) {
        self.init(status: status, reason: HTTPResponseStatus(statusCode: status).reasonPhrase)
        retryAfter = headers.first(name: "Retry-After").flatMap(Int.init)
        // Whichever API was asked, any of the three shapes may answer (a path that matches no
        // route is a Client Failover 404 even under /hybridity), so the body decides.
        if let refusal = try? WireCoding.decoder.decode(ErrorResponseBody.self, from: body), let reason = refusal.Reason {
            self.reason = reason
            error = refusal.Error
            resolution = refusal.Resolution
            code = refusal.Code
            operationID = refusal.OperationId
        } else if let refusal = try? WireCoding.decoder.decode(HCXErrorBody.self, from: body), let first = refusal.errors?.first {
            reason = first.message ?? first.code ?? reason
            code = first.code
        } else if let refusal = try? WireCoding.decoder.decode(OAuthErrorBody.self, from: body), let kind = refusal.error {
            reason = refusal.error_description ?? kind
            code = kind
        } else if !body.isEmpty, body.count < 1000 {
            let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { reason = text }
        }
    }

    public var description: String {
        var text = reason
        if let code { text += " (\(code), HTTP \(status))" } else { text += " (HTTP \(status))" }
        if let resolution, !resolution.isEmpty { text += "\n" + resolution }
        return text
    }

    private struct ErrorResponseBody: Decodable {
        var OperationId: String?
        var Error: String?
        var Reason: String?
        var Resolution: String?
        var Code: String?
    }

    private struct HCXErrorBody: Decodable {
        struct Item: Decodable {
            var code: String?
            var message: String?
        }
        var errors: [Item]?
    }

    private struct OAuthErrorBody: Decodable {
        var error: String?
        var error_description: String?
    }
}

/// What goes wrong on this side: no connection, an answer that is not what the API
/// describes, a configuration that cannot work.
public enum BatonClientError: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached, or the connection broke.
    case transport(String)
    /// The server answered something the API does not describe.
    case unreadableAnswer(String)
    /// The client's configuration cannot be used (an address, a CA file).
    case invalidConfiguration(String)
    /// A stream ended by the server (`event: close`), with its reason.
    case streamClosed(String)

    public var description: String {
        switch self {
        case .transport(let text): "cannot reach the server: \(text)"
        case .unreadableAnswer(let text): "unexpected answer: \(text)"
        case .invalidConfiguration(let text): text
        case .streamClosed(let reason): "the server closed the stream: \(reason)"
        }
    }
}
