/// A request body or query that cannot be read: the server answers 400 with this reason in
/// the API's error body (`ErrorResponseMiddleware` turns it into `APIError.badRequest`).
public struct BadRequest: Error, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
