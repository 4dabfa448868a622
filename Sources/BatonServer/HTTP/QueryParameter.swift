import BatonCore
import Hummingbird

/// Query parameters, their names matched case-insensitively like paths and JSON properties.
enum QueryParameter {
    /// The first value of `name`, or nil.
    static func text(_ name: String, _ request: Request) -> String? {
        let wanted = name.lowercased()
        return request.uri.queryParameters.first { $0.key.lowercased() == wanted }.map { String($0.value) }
    }

    /// A whole number in `range`, `value` when absent; otherwise a 400 naming the range.
    static func integer(_ name: String, _ request: Request, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = text(name, request) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound); got \(Quoted.text(text)).")
        }
        return number
    }
}
