import Foundation

/// ISO-8601 UTC times as both vendor APIs write them.
public enum WireTime {
    /// The times a request may carry: 1583-01-01 to 9999-12-31 UTC. Before 1583 Foundation's
    /// parser reads dates in the Julian calendar while `format` writes the proleptic
    /// Gregorian one (a time would come back days off); after 9999 `format` writes a
    /// five-digit year that `parse` does not read.
    public static let range: ClosedRange<Date> =
        Date(timeIntervalSince1970: -12_212_553_600) ... Date(timeIntervalSince1970: 253_402_300_799.999)

    /// `2026-11-23T15:41:23.123Z`. Hand-rolled civil-date arithmetic: this runs on every
    /// heartbeat answer and Foundation's formatters are far slower.
    public static func format(_ date: Date) -> String {
        // Nearest, not down: a parsed `.002` is stored as .0019999… and must print as .002.
        // Clamped to Int64 milliseconds (about 292 million years) rather than trapping.
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let totalMilliseconds: Int64 =
            milliseconds.isNaN ? 0
            : milliseconds >= 9_223_372_036_854_775_808.0 ? .max
            : milliseconds < -9_223_372_036_854_775_808.0 ? .min
            : Int64(milliseconds)
        var days = totalMilliseconds / 86_400_000
        var millisOfDay = totalMilliseconds % 86_400_000
        if millisOfDay < 0 {
            millisOfDay += 86_400_000
            days -= 1
        }
        // Days since 1970-01-01 to (year, month, day): Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        let hour = millisOfDay / 3_600_000
        let minute = millisOfDay / 60_000 % 60
        let second = millisOfDay / 1000 % 60
        let millisecond = millisOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millisecond, 3))Z"
    }

    /// Reads ISO-8601 with or without fractional seconds, `Z` or an offset.
    public static func parse(_ text: String) -> Date? {
        guard hasDateTimeShape(text) else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) {
            return date
        }
        return nil
    }

    /// `YYYY-MM-DDThh:mm:ss[.f…]` then `Z` or `±hh[:]mm`, nothing before or after. Foundation's
    /// ISO-8601 parser stops reading where it likes: it took
    /// `2280-2-4T23:50:59.9285-2-4T23:50:59.9Z` (found by the date fuzzer) as a time with a
    /// two-hour offset and ignored the rest. A request's time is either well formed or a 400.
    static func hasDateTimeShape(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Bool {
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + offset]) {
                return false
            }
            index += count
            return true
        }
        func byte(_ allowed: String) -> Bool {
            guard index < bytes.count, allowed.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard digits(4), byte("-"), digits(2), byte("-"), digits(2), byte("Tt"),
              digits(2), byte(":"), digits(2), byte(":"), digits(2) else { return false }
        if byte(".") {
            var fractionDigits = 0
            while fractionDigits < 9, digits(1) { fractionDigits += 1 }
            guard fractionDigits > 0 else { return false }
        }
        if byte("Zz") { return index == bytes.count }
        guard byte("+-"), digits(2) else { return false }
        _ = byte(":")
        return digits(2) && index == bytes.count
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
