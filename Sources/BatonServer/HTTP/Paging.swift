import BatonCore
import Hummingbird

/// `skip` and `count` query parameters: defaults 0 and 100, `count` at most 1000.
struct Paging {
    static let defaultCount = 100
    static let maximumCount = 1000

    var skip: Int
    var count: Int

    init(_ request: Request) throws {
        skip = try Self.read("skip", request, default: 0, range: 0...Int(Int32.max))
        count = try Self.read("count", request, default: Self.defaultCount, range: 0...Self.maximumCount)
    }

    func slice<Element>(_ elements: [Element]) -> ArraySlice<Element> {
        let start = min(skip, elements.count)
        return elements[start..<min(start + count, elements.count)]
    }

    private static func read(_ name: String, _ request: Request, default value: Int, range: ClosedRange<Int>) throws -> Int {
        // Names match case-insensitively, like paths and JSON properties.
        guard let text = request.uri.queryParameters.first(where: { $0.key.lowercased() == name })?.value else {
            return value
        }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound); got \(Quoted.text(text)).")
        }
        return number
    }
}
