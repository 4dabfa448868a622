import BatonCore
import HTTPTypes
import Hummingbird

/// A load balancer's question "is this backend the Primary?", as Patroni's `/primary`:
/// 200 with the epoch in `Baton-Epoch` while the member holds the Primary role and its
/// lease, else 503. HEAD answers the same without a body.
enum PrimaryProbe {
    static let epochHeader = HTTPField.Name("Baton-Epoch")!

    static func answer(epoch: UInt64?, member: String, head: Bool, activeWord: String) throws -> Response {
        guard let epoch else {
            throw APIError(
                status: .serviceUnavailable, error: "Not the \(activeWord).",
                reason: "'\(member)' does not hold the \(activeWord) role and its lease now.",
                resolution: "Send traffic to the member whose probe answers 200.",
                headers: [.cacheControl: "no-store"], code: "Not\(activeWord)")
        }
        let headers: HTTPFields = [epochHeader: "\(epoch)", .cacheControl: "no-store"]
        if head { return Response(status: .ok, headers: headers) }
        return .json(.object([activeWord: .bool(true), "Epoch": .number(Double(epoch))]), headers: headers)
    }
}
