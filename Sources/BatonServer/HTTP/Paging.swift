import Hummingbird

/// `skip` and `count` query parameters: defaults 0 and 100, `count` at most 1000.
struct Paging {
    static let defaultCount = 100
    static let maximumCount = 1000

    var skip: Int
    var count: Int

    init(_ request: Request) throws {
        skip = try QueryParameter.integer("skip", request, default: 0, range: 0...Int(Int32.max))
        count = try QueryParameter.integer("count", request, default: Self.defaultCount, range: 0...Self.maximumCount)
    }

    func slice<Element>(_ elements: [Element]) -> ArraySlice<Element> {
        let start = min(skip, elements.count)
        return elements[start..<min(start + count, elements.count)]
    }
}
