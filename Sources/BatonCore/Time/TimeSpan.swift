import Foundation

/// .NET `TimeSpan` text, the form both vendor APIs use for durations:
/// `[-][d.]hh:mm:ss[.fffffff]`, also with one-digit hours (`0:01:00`) and without seconds (`hh:mm`).
///
/// Spans are held in whole nanoseconds in an `Int64`, so a parsed span is at most
/// `maximum` (about 292 years) either way; a longer one is refused as out of range rather
/// than saturated or wrapped.
public enum TimeSpan {
    /// The longest span either way: `Int64.max` nanoseconds, 106751.23:47:16.8547758.
    public static let maximum: Duration = .nanoseconds(Int64.max)

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case outOfRange(String)

        public var description: String {
            switch self {
            case .malformed(let text):
                return "\(Quoted.text(text)) is not a time span; expected [-][d.]hh:mm:ss[.fffffff], for example 00:01:00"
            case .outOfRange(let text):
                return "\(Quoted.text(text)) is out of range; a time span is at most \(TimeSpan.format(TimeSpan.maximum)) either way"
            }
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> Duration {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if body.first == "-" {
            negative = true
            body = body.dropFirst()
        }
        let clockParts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clockParts.count) else { throw .malformed(text) }

        var days: Int64 = 0
        var hoursText = clockParts[0]
        if let dot = hoursText.firstIndex(of: ".") {
            guard let d = digits(hoursText[..<dot], maxCount: 8) else { throw .malformed(text) }
            days = d
            hoursText = hoursText[hoursText.index(after: dot)...]
        }
        guard let hours = digits(hoursText, maxCount: 2), hours < 24,
              let minutes = digits(clockParts[1], maxCount: 2), minutes < 60
        else { throw .malformed(text) }

        var seconds: Int64 = 0
        var fractionNanos: Int64 = 0
        if clockParts.count == 3 {
            var secondsText = clockParts[2]
            if let dot = secondsText.firstIndex(of: ".") {
                let fraction = secondsText[secondsText.index(after: dot)...]
                guard let f = digits(fraction, maxCount: 7) else { throw .malformed(text) }
                fractionNanos = f * pow10(9 - fraction.count)
                secondsText = secondsText[..<dot]
            }
            guard let s = digits(secondsText, maxCount: 2), s < 60 else { throw .malformed(text) }
            seconds = s
        }
        // At most 99999999 days: about 8.6e12 seconds, far inside Int64 and Duration.
        let total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        let duration = Duration.seconds(total) + .nanoseconds(fractionNanos)
        guard duration <= maximum else { throw .outOfRange(text) }
        return negative ? .zero - duration : duration
    }

    /// Formats as .NET's constant ("c") format: `[-][d.]hh:mm:ss[.fffffff]`.
    /// Total: a span beyond `maximum` either way (never parsed, but a caller may compute
    /// one) prints as `maximum`, and `Int64.min` nanoseconds is not negated.
    public static func format(_ duration: Duration) -> String {
        let nanos = duration.nanoseconds
        let negative = nanos < 0
        let ticks = Int64(min(nanos.magnitude, UInt64(Int64.max)) / 100)  // .NET resolution: 100 ns
        let fraction = ticks % 10_000_000
        var totalSeconds = ticks / 10_000_000
        let seconds = totalSeconds % 60
        totalSeconds /= 60
        let minutes = totalSeconds % 60
        totalSeconds /= 60
        let hours = totalSeconds % 24
        let days = totalSeconds / 24
        var text = negative ? "-" : ""
        if days > 0 { text += "\(days)." }
        text += pad2(hours) + ":" + pad2(minutes) + ":" + pad2(seconds)
        if fraction > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: 7 - digits.count) + digits
        }
        return text
    }

    private static func digits(_ text: Substring, maxCount: Int) -> Int64? {
        guard !text.isEmpty, text.count <= maxCount, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int64(text)
    }

    private static func pow10(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { acc, _ in acc * 10 }
    }

    private static func pad2(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
