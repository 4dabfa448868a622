import BatonCore
import PropertyBased
import Testing

@Suite("TimeSpan text")
struct TimeSpanTests {
    static let parsed: [(String, Duration)] = [
        ("00:01:00", .seconds(60)),
        ("0:01:00", .seconds(60)),
        ("00:00:00.1", .milliseconds(100)),
        ("1.02:03:04.5", .seconds(93_784) + .milliseconds(500)),
        ("01:30", .seconds(5_400)),
        ("23:59:59", .seconds(86_399)),
        ("1.00:00:00", .seconds(86_400)),
        ("366.00:00:00", .seconds(31_622_400)),
        ("-00:00:01.5", .milliseconds(-1_500)),
        ("-1.00:00:00", .seconds(-86_400)),
        ("00:00:00.0000001", .nanoseconds(100)),
        ("00:00:01.1234567", .nanoseconds(1_123_456_700)),
        (" 00:01:00 ", .seconds(60)),
    ]

    @Test("parses the .NET forms", arguments: parsed)
    func parsesDotNetForms(text: String, expected: Duration) throws {
        #expect(try TimeSpan.parse(text) == expected)
    }

    @Test(
        "rejects what is not a time span",
        arguments: [
            "abc", "", "-", "25:00:00", "24:00:00", "00:60:00", "00:00:60", "00:00:00.12345678", "1:2:3:4",
            "00:01:00.", ".01:00:00", "1.:00:00", "00:1a:00", "--00:01:00", "-00:-1:00", "1:2:3:4:5",
        ])
    func rejectsMalformed(text: String) {
        #expect(throws: TimeSpan.ParseError.malformed(text)) { try TimeSpan.parse(text) }
    }

    static let formatted: [(Duration, String)] = [
        (.seconds(60), "00:01:00"),
        (.milliseconds(100), "00:00:00.1000000"),
        (.seconds(93_784) + .milliseconds(500), "1.02:03:04.5000000"),
        (.seconds(-90), "-00:01:30"),
        (.zero, "00:00:00"),
        (.nanoseconds(100), "00:00:00.0000001"),
        (.seconds(31_622_400), "366.00:00:00"),
    ]

    @Test("formats in the constant [-][d.]hh:mm:ss[.fffffff] form", arguments: formatted)
    func formats(duration: Duration, expected: String) {
        #expect(TimeSpan.format(duration) == expected)
    }

    @Test("format drops what is finer than .NET's 100 ns tick")
    func formatTruncatesToTicks() {
        #expect(TimeSpan.format(.nanoseconds(199)) == "00:00:00.0000001")
    }

    @Test(
        "formatting a parsed canonical text gives the same text back",
        arguments: ["00:01:00", "1.02:03:04.5000000", "-3.04:05:06.0000007", "00:00:00.1000000", "99999.23:59:59.9999999"])
    func canonicalTextRoundTrips(text: String) throws {
        #expect(TimeSpan.format(try TimeSpan.parse(text)) == text)
    }

    @Test("parsing a formatted duration of whole ticks gives the same duration back")
    func durationsRoundTrip() async {
        // ±100,000 days in 100 ns ticks: comfortably inside what Int64 nanoseconds hold.
        let limit: Int64 = 100_000 * 86_400 * 10_000_000
        await propertyCheck(count: 300, input: Gen.int64(in: -limit...limit)) { ticks in
            let duration = Duration.nanoseconds(ticks * 100)
            let text = TimeSpan.format(duration)
            #expect((try? TimeSpan.parse(text)) == duration, "\(ticks) ticks formatted as \(text)")
        }
    }

    @Test(
        "refuses a span beyond Int64 nanoseconds as out of range",
        arguments: ["-99999999.00:00:00", "99999999.23:59:59.9999999", "106751.23:47:16.8547759", "-106752.00:00:00"])
    func rejectsOutOfRange(text: String) {
        #expect(throws: TimeSpan.ParseError.outOfRange(text)) { try TimeSpan.parse(text) }
    }

    @Test("the longest span either way parses, and is TimeSpan.maximum")
    func theLimitParses() throws {
        #expect(try TimeSpan.parse("106751.23:47:16.8547758") == .nanoseconds(9_223_372_036_854_775_800))
        #expect(try TimeSpan.parse("-106751.23:47:16.8547758") == .nanoseconds(-9_223_372_036_854_775_800))
        #expect(TimeSpan.format(TimeSpan.maximum) == "106751.23:47:16.8547758")
    }

    @Test("formats every duration without trapping, Int64.min nanoseconds and beyond included")
    func formatsEveryDuration() {
        #expect(TimeSpan.format(.nanoseconds(Int64.min)) == "-106751.23:47:16.8547758")
        #expect(TimeSpan.format(.seconds(-8_639_999_913_600)) == "-106751.23:47:16.8547758")
        #expect(TimeSpan.format(.seconds(Int64.max)) == "106751.23:47:16.8547758")
    }
}

@Suite("Instant and Duration arithmetic")
struct InstantArithmeticTests {
    @Test("an instant plus a span saturates at the end of the clock instead of wrapping")
    func additionSaturates() {
        let now = Instant(nanoseconds: 1_800_000_000_000_000_000)
        #expect(now + .seconds(8_000_000_000) == Instant(nanoseconds: .max))
        #expect(Instant(nanoseconds: -5) + .nanoseconds(Int64.min) == Instant(nanoseconds: .min))
        #expect(now + .seconds(1) == Instant(nanoseconds: 1_800_000_001_000_000_000))
    }

    @Test("the difference of instants saturates")
    func differenceSaturates() {
        #expect(Instant(nanoseconds: .max) - Instant(nanoseconds: -1) == .nanoseconds(Int64.max))
        #expect(Instant(nanoseconds: .min) - Instant(nanoseconds: 1) == .nanoseconds(Int64.min))
        #expect(Instant(nanoseconds: 10) - Instant(nanoseconds: 4) == .nanoseconds(6))
    }

    @Test("a duration's nanoseconds saturate, also where only its fraction overflows")
    func nanosecondsSaturate() {
        #expect(Duration.seconds(9_223_372_036).nanoseconds == 9_223_372_036_000_000_000)
        #expect((Duration.seconds(9_223_372_036) + .milliseconds(900)).nanoseconds == Int64.max)
        #expect((Duration.seconds(-9_223_372_036) - .milliseconds(900)).nanoseconds == Int64.min)
    }

    @Test("a wall-clock interval becomes nanoseconds, saturating, NaN as zero")
    func intervalsSaturate() {
        #expect(Duration.nanoseconds(saturating: 1.5) == .milliseconds(1_500))
        #expect(Duration.nanoseconds(saturating: 1e10) == .nanoseconds(Int64.max))
        #expect(Duration.nanoseconds(saturating: -1e300) == .nanoseconds(Int64.min))
        #expect(Duration.nanoseconds(saturating: .infinity) == .nanoseconds(Int64.max))
        #expect(Duration.nanoseconds(saturating: .nan) == .zero)
    }
}
