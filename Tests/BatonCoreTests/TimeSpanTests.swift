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
}
