import BatonCore
import Foundation

/// Where a stream or long poll starts and how long a long poll waits, read from the request's
/// `?after=` (or `Last-Event-ID`) and `?wait=` texts. Pure, so that it is fuzzed with the rest
/// of what Baton reads from a request.
public struct StreamPosition: Equatable, Sendable {
    /// Resume after this event sequence; nil: from now on.
    public var after: Int64?
    /// Long poll: how long to wait for something after `after`; zero answers at once.
    public var wait: Duration

    public static let maximumWait: Duration = .seconds(60)

    public init(after: Int64? = nil, wait: Duration = .zero) {
        self.after = after
        self.wait = wait
    }

    /// - Parameters:
    ///   - after: `?after=` or, without it, the `Last-Event-ID` header: a whole number from 0.
    ///   - wait: `?wait=`: whole seconds from 0 to 60, with or without a trailing `s`.
    public init(after: String?, wait: String?) throws(BadRequest) {
        if let after {
            let digits = after.trimmingCharacters(in: .whitespaces)
            guard let sequence = Int64(digits), sequence >= 0 else {
                throw BadRequest("after (or Last-Event-ID) must be an event sequence, a whole number from 0; got \(Quoted.text(after)).")
            }
            self.after = sequence
        }
        self.wait = .zero
        if let wait {
            let digits = wait.hasSuffix("s") ? String(wait.dropLast()) : wait
            guard let seconds = Int(digits), (0...Int(Self.maximumWait.components.seconds)).contains(seconds) else {
                throw BadRequest("wait must be whole seconds from 0 to 60, like 30s; got \(Quoted.text(wait)).")
            }
            self.wait = .seconds(seconds)
        }
    }
}
