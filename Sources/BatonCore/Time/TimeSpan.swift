import Foundation

/// .NET `TimeSpan` text, the form both vendor APIs use for durations:
/// `[-][d.]hh:mm:ss[.fffffff]`, also with one-digit hours (`0:01:00`) and without seconds (`hh:mm`).
public enum TimeSpan {
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed(String)

        public var description: String {
            switch self {
            case .malformed(let text):
                return "'\(text)' is not a time span; expected [-][d.]hh:mm:ss[.fffffff], for example 00:01:00"
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
        let total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        let duration = Duration.seconds(total) + .nanoseconds(fractionNanos)
        return negative ? .zero - duration : duration
    }

    /// Formats as .NET's constant ("c") format: `[-][d.]hh:mm:ss[.fffffff]`.
    public static func format(_ duration: Duration) -> String {
        var nanos = duration.nanoseconds
        let negative = nanos < 0
        if negative { nanos = -nanos }
        let ticks = nanos / 100  // .NET resolution: 100 ns
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
