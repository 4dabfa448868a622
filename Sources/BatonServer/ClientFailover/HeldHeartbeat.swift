import BatonCore
import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// `Baton-Hold: <milliseconds>` on a heartbeat, a Baton extension: a member that is not Primary
/// asks for the answer to wait until its role changes, for up to that long (at most half the
/// group's FailoverTimeout, and a minute). A successor then learns that it holds the role the
/// moment the handover is committed, without the round trip of a hint and another heartbeat.
///
/// The heartbeat itself is performed, and its receipt recorded, when it arrives. What comes
/// back after a change is `Engine.currentAnswer`: it renews and delivers nothing, so a lease
/// still runs from that receipt, and the member's own deadline, counted from its send time,
/// comes earlier still (docs/lease-contract.md §9). A Primary's heartbeat is never held.
enum HeldHeartbeat {
    static let header = HTTPField.Name("Baton-Hold")!
    /// The longest hold granted, whatever the timeout.
    static let longest: Duration = .seconds(60)

    /// The hold asked for: nil without the header or with 0; a larger number than `longest`
    /// is `longest`. Anything but digits is refused (400).
    static func requested(_ request: Request) throws -> Duration? {
        try request.headers[header].flatMap(hold(fromHeader:))
    }

    /// `requested` for the header's text.
    static func hold(fromHeader text: String) throws -> Duration? {
        let value = text.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw APIError.badRequest(
                "Baton-Hold must be a whole number of milliseconds, 0 or more.",
                resolution: "Send Baton-Hold: 1500 to have the answer held up to 1.5 s, or leave the header out.")
        }
        let longestMilliseconds = Int(longest / .milliseconds(1))
        // More digits than an Int holds is longer than `longest` too.
        let milliseconds = Int(value).map { min($0, longestMilliseconds) } ?? longestMilliseconds
        return milliseconds > 0 ? .milliseconds(milliseconds) : nil
    }

    /// How long `answer` may be held: what was asked, at most half of its timeout; nil when
    /// nothing was asked or the answer is Primary (a Primary is never held).
    static func limit(_ asked: Duration?, for answer: HeartbeatAnswer) -> Duration? {
        guard let asked, answer.role != .primary else { return nil }
        return min(asked, answer.failoverTimeout / 2)
    }

    /// Waits until the member's role is no longer `answer`'s, or `hold` has passed, and
    /// answers what a heartbeat would be told then. Every change of the group's history
    /// (committed here, or elsewhere in shared mode) makes it look again.
    static func wait(
        after answer: HeartbeatAnswer, hold: Duration, subscription: Subscription,
        member: MemberID, in key: GroupKey, principal: Principal, coordinator: any Coordinator
    ) async throws -> HeartbeatAnswer {
        let timer = Task {
            try? await Task.sleep(for: hold)
            subscription.cancel()
        }
        defer { timer.cancel() }
        // A graceful shutdown answers at once (what is known), rather than wait out the hold.
        return try await withGracefulShutdownHandler {
            var latest = answer
            for await item in subscription.items {
                switch item {
                case .tick, .upcoming: continue
                case .event, .poke, .resync: break
                }
                latest = try await coordinator.perform(as: principal, on: .group(key)) { try $0.currentAnswer(to: member, in: key) }
                if latest.role != answer.role { break }
            }
            return latest
        } onGracefulShutdown: {
            subscription.cancel()
        }
    }
}
