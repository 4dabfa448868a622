import BatonCore
import BatonJSON
import Foundation
import Hummingbird

/// Reads a request body as a JSON object, at most 64 KiB.
enum RequestBodyReader {
    static let maximumBytes = 64 * 1024

    /// Like `object`, but an empty body is an empty object (for bodies whose every field is optional).
    static func optionalObject(from request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        guard buffer.readableBytes > 0 else { return .object([:]) }
        return try parse(buffer)
    }

    static func object(from request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("The request body is empty; a JSON object is required.") }
        return try parse(buffer)
    }

    private static func parse(_ buffer: ByteBuffer) throws -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("The request body is not valid JSON.")
        }
        guard case .object = value else { throw APIError.badRequest("The request body must be a JSON object.") }
        return value
    }
}
