import BatonCore
import Hummingbird

/// Reads an id from the path: percent-decoded, then held to the one id rule.
enum PathID {
    static func read<Context: RequestContext>(_ name: String, _ context: Context) throws -> String {
        guard let raw = context.parameters.get(name) else { throw APIError.badRequest("\(name) is missing from the path.") }
        // Most ids carry no percent-encoding; Foundation's decoder is not free.
        guard let decoded = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding : raw else {
            throw APIError.badRequest("\(name) \(Quoted.text(raw)) is not correctly percent-encoded.")
        }
        if let problem = IdentifierRule.problem(with: decoded) {
            throw APIError.badRequest("\(name) \(Quoted.text(decoded)) \(problem).")
        }
        return decoded
    }
}
