import BatonCore
@testable import BatonServer
import Foundation
import HTTPTypes
import NIOCore
import Testing

/// `Baton-Hold` on a heartbeat (docs/lease-contract.md §9): the answer to a member that is not
/// Primary waits until its role changes, up to the hold and at most T/2; a Primary is never
/// held; the heartbeat itself counts when it arrives.
private let prefix = APIPrefix.onPremises

@Suite struct HeldHeartbeatTests {

    /// A heartbeat of `session` with `Baton-Hold: hold`, and how long its answer took.
    static func heldHeartbeat(
        _ client: TestBaton.Client, _ session: String, hold: String, score: Int = 100
    ) async throws -> (reply: TestBaton.Reply, took: Duration) {
        let started = ContinuousClock.now
        let response = try await client.client.execute(
            uri: prefix.heartbeat("g", session), method: .post,
            headers: [.contentType: "application/json", HTTPField.Name("Baton-Hold")!: hold],
            body: ByteBuffer(string: #"{"FailoverScore":\#(score)}"#))
        let reply = TestBaton.Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        return (reply, ContinuousClock.now - started)
    }

    /// Group "g" (T = 10 s) with "a" Primary and "b" Secondary.
    static func primaryAndSecondary(_ client: TestBaton.Client, timeout: String = "00:00:10") async throws {
        try await client.createGroup(prefix, "g", timeout: timeout)
        try await client.register(prefix, "g", "a")
        try await client.register(prefix, "g", "b")
        #expect(try await client.role(prefix, "g", "a") == 1)
        #expect(try await client.role(prefix, "g", "b") == 0)
    }

    @Test(.timeLimit(.minutes(1)), arguments: StoreKind.available)
    func aHeldSecondaryIsAnsweredTheMomentItIsPromoted(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await Self.primaryAndSecondary(client)
            let held = Task { try await Self.heldHeartbeat(client, "b", hold: "5000") }
            // Long enough for b's heartbeat to be waiting; a's step-down must still find it so.
            try await Task.sleep(for: .milliseconds(300))
            let steppedDown = ContinuousClock.now
            #expect(try await client.role(prefix, "g", "a", score: 0) == 0)
            let (reply, took) = try await held.value
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(try reply.number("Role") == 1, "b is told it is Primary: \(reply.text)")
            #expect(try reply.number("Epoch") == 2)
            #expect(took >= .milliseconds(300), "the answer was held until the promotion")
            #expect(ContinuousClock.now - steppedDown < .seconds(3), "answered at the promotion, not at the hold's end")
            let status = try await client.status(prefix, "g")
            #expect(status.primary == "b")
            #expect(status.epoch == 2)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnchangedRoleIsAnsweredWhenTheHoldRunsOut() async throws {
        try await withBaton { client in
            try await Self.primaryAndSecondary(client)
            let (reply, took) = try await Self.heldHeartbeat(client, "b", hold: "400")
            #expect(reply.status == .ok)
            #expect(try reply.number("Role") == 0)
            #expect(took >= .milliseconds(350), "held for its hold: \(took)")
            #expect(took < .seconds(4))
            // A change elsewhere in the group that leaves b's role as it was does not end it.
            let meanwhile = Task { try await Self.heldHeartbeat(client, "b", hold: "600") }
            try await Task.sleep(for: .milliseconds(100))
            try await client.register(prefix, "g", "c")
            let (again, tookAgain) = try await meanwhile.value
            #expect(try again.number("Role") == 0)
            #expect(tookAgain >= .milliseconds(550), "held past an unrelated change: \(tookAgain)")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aPrimaryIsNeverHeldAndNoHoldOutlastsHalfTheTimeout() async throws {
        try await withBaton { client in
            try await Self.primaryAndSecondary(client, timeout: "00:00:02")
            let (primary, tookPrimary) = try await Self.heldHeartbeat(client, "a", hold: "60000")
            #expect(try primary.number("Role") == 1)
            #expect(tookPrimary < .seconds(1), "a Primary's answer is not held: \(tookPrimary)")
            // T = 2 s: a Secondary is held 1 s at most, whatever it asks (here more digits
            // than any integer holds).
            let (secondary, tookSecondary) = try await Self.heldHeartbeat(
                client, "b", hold: "99999999999999999999999999")
            #expect(try secondary.number("Role") == 0)
            #expect(tookSecondary >= .milliseconds(900) && tookSecondary < .seconds(5), "held \(tookSecondary)")
            // 0 is no hold.
            let (unheld, tookUnheld) = try await Self.heldHeartbeat(client, "b", hold: " 0 ")
            #expect(unheld.status == .ok)
            #expect(tookUnheld < .seconds(1))
        }
    }

    @Test(arguments: ["", "abc", "-5", "1.5", "1e3", "5 5", "٣"])
    func aHoldThatIsNotMillisecondsIsRefused(hold: String) async throws {
        try await withBaton { client in
            try await Self.primaryAndSecondary(client)
            let (reply, _) = try await Self.heldHeartbeat(client, "b", hold: hold)
            try reply.expectErrorResponse(.badRequest)
            #expect(reply.text.contains("Baton-Hold"))
        }
    }

    /// Whatever bytes the header carries: a hold of 0…60 s, none, or a refusal; never a trap.
    @Test func anyHeaderTextIsAHoldANoneOrARefusal() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789 \t-+.eE٣x")
        var texts = ["", " ", "0", "00000", "60000", "60001", String(repeating: "9", count: 400), "\(Int.max)", "\(UInt64.max)"]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...30, using: &generator)
            texts.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in texts {
            do {
                if let hold = try HeldHeartbeat.hold(fromHeader: text) {
                    #expect(hold > .zero && hold <= HeldHeartbeat.longest, "\(text.debugDescription) → \(hold)")
                }
            } catch let error as APIError {
                #expect(error.status == .badRequest)
            }
        }
        #expect(try HeldHeartbeat.hold(fromHeader: " 1500\t") == .milliseconds(1500))
        #expect(try HeldHeartbeat.hold(fromHeader: String(repeating: "9", count: 400)) == HeldHeartbeat.longest)
        #expect(try HeldHeartbeat.hold(fromHeader: "0") == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func aSessionRemovedWhileItsAnswerIsHeldIsToldToRegisterAgain() async throws {
        try await withBaton { client in
            try await Self.primaryAndSecondary(client)
            let held = Task { try await Self.heldHeartbeat(client, "b", hold: "5000") }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await client.send(.delete, prefix.session("g", "b")).status == .noContent)
            let (reply, took) = try await held.value
            try reply.expectErrorResponse(.notFound)
            #expect(took < .seconds(4))
        }
    }

    /// The heartbeat counts when it arrives: a held Secondary is live and eligible all along.
    @Test(.timeLimit(.minutes(1)))
    func aHeldHeartbeatIsReceivedWhenItArrives() async throws {
        try await withBaton { client in
            try await Self.primaryAndSecondary(client)
            await client.advance(by: .seconds(5))
            let held = Task { try await Self.heldHeartbeat(client, "b", hold: "3000") }
            try await Task.sleep(for: .milliseconds(300))
            // a's lease (from its heartbeat at 0) runs out at 10 s; b's held heartbeat arrived
            // at 5 s, so b is live until 15 s and takes over, and its held answer says so.
            await client.advance(by: .seconds(5))
            let (reply, _) = try await held.value
            #expect(try reply.number("Role") == 1, "\(reply.text)")
        }
    }
}
