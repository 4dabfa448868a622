@testable import BatonServer
import Logging
import Synchronization
import Testing

@Suite struct DeferredMetadataLogHandlerTests {
    final class Lines: Sendable {
        let events = Mutex<[LogEvent]>([])
    }

    /// Stands for StreamLogHandler: records each event that reaches it.
    struct Recorder: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        var metadataProvider: Logger.MetadataProvider?
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lines.events.withLock { $0.append(event) } }
    }

    @Test func theLoggersMetadataReachesTheLineWithTheCallsOwnMetadataWinning() {
        let lines = Lines()
        var logger = Logger(label: "test") { _ in DeferredMetadataLogHandler(Recorder(lines: lines)) }
        logger[metadataKey: "hb.request.id"] = "42"
        logger[metadataKey: "group"] = "g1"
        logger.info("promoted", metadata: ["group": "g2", "epoch": "3"])
        logger.debug("below the level")
        let events = lines.events.withLock { $0 }
        #expect(events.count == 1)
        #expect(events.first?.metadata == ["hb.request.id": "42", "group": "g2", "epoch": "3"])
        #expect(logger[metadataKey: "group"] == "g1")
    }

    @Test func withoutMetadataTheEventPassesUnchanged() {
        let lines = Lines()
        let logger = Logger(label: "test") { _ in DeferredMetadataLogHandler(Recorder(lines: lines)) }
        logger.warning("plain")
        #expect(lines.events.withLock { $0.first?.metadata } == nil)
    }
}
