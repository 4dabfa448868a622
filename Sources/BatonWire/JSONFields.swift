import BatonCore
import BatonJSON
import Foundation

/// Typed reads of a request object's properties, names matched case-insensitively. A
/// property of the wrong type is a `BadRequest` (a 400) naming it; `null` counts as absent.
public struct JSONFields {
    public let object: JSONValue

    public init(object: JSONValue) {
        self.object = object
    }

    public func value(_ name: String) -> JSONValue? {
        guard let value = object[caseInsensitive: name], !value.isNull else { return nil }
        return value
    }

    public func string(_ name: String) throws -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw BadRequest("\(name) must be a string.") }
        return text
    }

    public func requiredString(_ name: String) throws -> String {
        guard let text = try string(name) else { throw BadRequest("\(name) is required.") }
        return text
    }

    public func number(_ name: String) throws -> Double? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value else { throw BadRequest("\(name) must be a number.") }
        return number
    }

    public func date(_ name: String) throws -> Date? {
        guard let text = try string(name) else { return nil }
        guard let date = WireTime.parse(text) else {
            throw BadRequest("\(name) \(Quoted.text(text)) is not an ISO-8601 date-time such as 2026-01-31T12:00:00Z.")
        }
        guard WireTime.range.contains(date) else {
            throw BadRequest("\(name) \(Quoted.text(text)) is outside the years 1583 to 9999 (UTC).")
        }
        return date
    }

    public func timeSpan(_ name: String) throws -> Duration? {
        guard let text = try string(name) else { return nil }
        do {
            return try TimeSpan.parse(text)
        } catch {
            throw BadRequest("\(name) \(error).")
        }
    }

    /// An enum read as its integer or its name.
    public func enumeration<Value>(_ name: String, byNumber: (Int) -> Value?, byName: (String) -> Value?) throws -> Value? {
        guard let value = value(name) else { return nil }
        switch value {
        case .number(let number) where number.rounded() == number && abs(number) < 1_000_000:
            if let result = byNumber(Int(number)) { return result }
        case .string(let text):
            if let result = byName(text) ?? Int(text).flatMap(byNumber) { return result }
        default:
            break
        }
        throw BadRequest("\(name) has an unknown value \(Quoted.clipped(value.jsonText)).")
    }
}
