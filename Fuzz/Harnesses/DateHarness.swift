import BatonWire
import Foundation

enum DateHarness {
    static func run(_ bytes: [UInt8]) {
        // Any instant, however far out (or NaN, or infinite), formats without trapping.
        if bytes.count >= 8 {
            let seconds = bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: Double.self) }
            _ = WireTime.format(Date(timeIntervalSince1970: seconds))
        }
        // Whatever parses formats; within the range a request may carry, the formatted text
        // parses to the same millisecond and formats to the same text.
        guard let input = text(bytes), let date = WireTime.parse(input) else { return }
        let formatted = WireTime.format(date)
        guard WireTime.range.contains(date) else { return }
        guard let again = WireTime.parse(formatted) else {
            check(false, "'\(input)' formats as '\(formatted)', which does not parse")
            return
        }
        // Half a millisecond of rounding, plus what a Double cannot tell apart at this distance
        // from 1970 (a few microseconds by the year 2280).
        let tolerance = 0.0005 + 4 * date.timeIntervalSince1970.magnitude.ulp
        check(abs(again.timeIntervalSince(date)) <= tolerance,
              "'\(input)' -> '\(formatted)' -> \(again.timeIntervalSince1970), not \(date.timeIntervalSince1970)")
        check(WireTime.format(again) == formatted, "formatting '\(formatted)' again differs")
    }
}
