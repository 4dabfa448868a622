import BatonCore

enum TimeSpanHarness {
    static func run(_ bytes: [UInt8]) {
        // Any duration formats (never traps), and what it prints parses back to it, cut to
        // .NET's 100 ns tick and held within TimeSpan.maximum.
        if bytes.count >= 8 {
            let nanoseconds = bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
            let formatted = TimeSpan.format(.nanoseconds(nanoseconds))
            let clamped = nanoseconds == .min ? -Int64.max : nanoseconds
            let ticks = clamped / 100 * 100
            check((try? TimeSpan.parse(formatted)) == .nanoseconds(ticks), "format(\(nanoseconds) ns) = \(formatted) does not parse back")
        }
        // Whatever text parses is within range, formats, and parses back to the same span;
        // formatting that again gives the same text.
        guard let input = text(bytes), let span = try? TimeSpan.parse(input) else { return }
        check(span <= TimeSpan.maximum && span >= .zero - TimeSpan.maximum, "'\(input)' parsed beyond the maximum")
        let formatted = TimeSpan.format(span)
        guard let again = try? TimeSpan.parse(formatted) else {
            check(false, "'\(input)' formats as '\(formatted)', which does not parse")
            return
        }
        check(again == span, "'\(input)' -> '\(formatted)' -> a different span")
        check(TimeSpan.format(again) == formatted, "formatting '\(formatted)' again differs")
    }
}
