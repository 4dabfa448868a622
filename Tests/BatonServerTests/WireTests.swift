import BatonCore
import BatonJSON
@testable import BatonServer
import BatonWire
import Foundation
import Testing

@Suite struct WireTests {
    @Test(arguments: [
        HeartbeatAnswer(role: .primary, lastDataProcessedTime: nil, epoch: 1, failoverTimeout: .seconds(10)),
        HeartbeatAnswer(role: .pendingPrimary, lastDataProcessedTime: Date(timeIntervalSince1970: 1_800_000_000.123),
                        epoch: 18_446_744_073_709, failoverTimeout: .milliseconds(1500)),
        HeartbeatAnswer(role: .secondary, lastDataProcessedTime: Date(timeIntervalSince1970: 0), epoch: 0,
                        failoverTimeout: .seconds(86_400)),
    ])
    func theHandWrittenHeartbeatAnswerIsTheGeneralEncoding(_ answer: HeartbeatAnswer) {
        #expect(ClientFailoverWire.heartbeatText(answer) == ClientFailoverWire.heartbeat(answer).jsonText)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (1_800_000_000.002, "2027-01-15T08:00:00.002Z"),
        (951_782_400.999, "2000-02-29T00:00:00.999Z"), (-1.5, "1969-12-31T23:59:58.500Z"),
    ])
    func timesAreWrittenInUTCToTheMillisecond(_ seconds: Double, _ text: String) {
        #expect(WireTime.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(WireTime.parse(text).map(WireTime.format) == text)
    }
}

@Suite struct WireTimeShapeTests {
    @Test(arguments: [
        ("2026-11-23T15:41:23Z", 1_795_448_483.0), ("2026-11-23T15:41:23.5Z", 1_795_448_483.5),
        ("2026-11-23T16:41:23+01:00", 1_795_448_483.0), ("2026-11-23T14:41:23-0100", 1_795_448_483.0),
        ("2026-11-23T15:41:23.123456789Z", 1_795_448_483.123456789),
    ])
    func wellFormedTimesParse(_ text: String, _ seconds: Double) throws {
        let date = try #require(WireTime.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_01)
    }

    /// The first was found by the date fuzzer: Foundation read it as 23:50:59.9285 at a
    /// two-hour offset and ignored the rest.
    @Test(arguments: [
        "2280-2-4T23:50:59.9285-2-4T23:50:59.9Z", "2026-11-23T15:41:23Zjunk", "2026-11-23T15:41:23",
        "2026-11-23 15:41:23Z", "2026-11-23T15:41:23.Z", "2026-11-23T15:41:23.1234567890Z",
        "2026-11-23T15:41:23+1", "2026-11-23T15:41:23+01:00:00", " 2026-11-23T15:41:23Z", "",
    ])
    func anythingElseIsRefused(_ text: String) {
        #expect(WireTime.parse(text) == nil)
    }

    @Test func aSubMillisecondFractionFarOutFormatsToTheNearestMillisecond() throws {
        let date = try #require(WireTime.parse("2280-02-04T23:50:59.9285Z"))
        let formatted = WireTime.format(date)
        #expect(formatted == "2280-02-04T23:50:59.929Z" || formatted == "2280-02-04T23:50:59.928Z")
        #expect(WireTime.parse(formatted).map(WireTime.format) == formatted)
    }
}
