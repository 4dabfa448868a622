import BatonCore
import BatonJSON
import BatonWire
import Foundation

/// What the push and pause routes read from a request: the stream position (`?after=` or
/// `Last-Event-ID`, and `?wait=`) and the pause/resume body, the latter handed to a real engine.
enum PushHarness {
    /// The input's first line is the `after` text (empty: no such parameter), the second the
    /// `wait` text (no second line: no such parameter).
    static func streamPosition(_ bytes: [UInt8]) {
        guard let input = text(bytes) else { return }
        let lines = input.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let after = lines.first.flatMap { $0.isEmpty ? nil : $0 }, wait = lines.count > 1 ? lines[1] : nil
        guard let position = try? StreamPosition(after: after, wait: wait) else { return }
        if let sequence = position.after { check(sequence >= 0, "a negative sequence \(sequence) was accepted") }
        check(position.wait >= .zero && position.wait <= StreamPosition.maximumWait, "wait \(position.wait) is out of range")
        check(after != nil || position.after == nil, "a sequence appeared from nowhere")
    }

    /// A pause then a resume with the body's reason: the pause keeps the reason, stops the
    /// election after the Primary's lease runs out, and the resume elects at once.
    static func pause(_ bytes: [UInt8]) {
        guard let body = ClientFailoverHarness.body(bytes), let request = try? PauseRequest(body) else { return }
        for clock in ClientFailoverHarness.clocks() {
            do {
                let key = ClientFailoverHarness.key
                let engine = try ClientFailoverHarness.engineWithTwoLiveMembers(clock)
                try check(try engine.pause(key, reason: request.reason) == .updated, "a first pause changed nothing")
                let paused = try engine.status(of: key)
                check(paused.pause?.reason == request.reason, "the pause did not keep its reason")
                try check(try engine.pause(key, reason: "again") == .unchanged, "a second pause changed something")
                try check(try engine.resume(key, reason: request.reason) == .updated, "the resume changed nothing")
                try check(try engine.status(of: key).pause == nil, "still paused after the resume")
                engine.processDueDeadlines()
            } catch {}
        }
    }
}
