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
