import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A graceful shutdown (SIGTERM to a real `baton serve`) answers a held heartbeat at once with
/// what is known, rather than keeping the process up until the hold runs out.
@Suite struct HeldHeartbeatShutdownTests {
    let base = "/api/v1/clientfailover"

    @Test(.timeLimit(.minutes(1)))
    func aGracefulShutdownAnswersAHeldHeartbeatAtOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-held-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let baton = try await BatonProcess(dataDirectory: directory)
        defer { baton.killInBackground() }
        let base = self.base
        try await ProcessClient.with(baton) { client in
            // T = 20 s, so a hold may last 10 s: far longer than the shutdown should take.
            #expect(try await client.send(.post, "\(base)/groups", #"{"Id":"g","FailoverTimeout":"00:00:20"}"#).status == .created)
            for session in ["a", "b"] {
                #expect(try await client.send(.post, "\(base)/groups/g/clientsessions", #"{"Id":"\#(session)"}"#).status == .created)
                _ = try await client.send(.post, "\(base)/groups/g/clientsessions/\(session)/heartbeat", #"{"FailoverScore":100}"#)
            }
        }
        let port = baton.port
        let held = Task {
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                let started = ContinuousClock.now
                let response = try await client.execute(TestClient.Request(
                    "\(base)/groups/g/clientsessions/b/heartbeat", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("Baton-Hold")!: "10000"],
                    body: ByteBuffer(string: #"{"FailoverScore":100}"#)))
                return (response.status, response.body.map { String(buffer: $0) } ?? "", ContinuousClock.now - started)
            }
        }
        // Long enough for b's answer to be held.
        try await Task.sleep(for: .milliseconds(500))
        let terminated = ContinuousClock.now
        let exitCode = await baton.terminate()
        let (status, text, took) = try await held.value
        #expect(status == .ok, "\(text)\n\(baton.log)")
        #expect(text.contains(#""Role":0"#), "b is still Secondary: \(text)")
        #expect(took >= .milliseconds(500), "the answer was held until the shutdown: \(took)")
        #expect(ContinuousClock.now - terminated < .seconds(5), "the shutdown did not wait out the 10 s hold")
        #expect(exitCode == 0, "\(baton.log)")
    }
}
