import UnixSignals

/// SIGTERM and SIGINT as they arrive (trapped: their default action, ending the process at
/// once, is off from the moment the sequence exists).
enum TerminationSignals {
    static func trap() async -> UnixSignalsSequence {
        await UnixSignalsSequence(trapping: .sigterm, .sigint)
    }
}
