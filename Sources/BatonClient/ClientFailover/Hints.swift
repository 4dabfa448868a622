import Foundation

/// A member's hints to heartbeat now (`…/clientsessions/{id}/hints`, Server-Sent Events).
/// A hint is never a grant: the role comes only from a heartbeat's answer
/// (docs/lease-contract.md §8).
public struct MemberHint: Codable, Sendable, Equatable {
    /// `Chosen`, `StepDown`, `Promoted`, `Demoted` or `OverrideChanged`.
    public var hint: String
    /// Always `HeartbeatNow`.
    public var action: String
    /// The group event's sequence (resume after it with `after:`).
    public var sequence: Int
    public var epoch: Int
    /// The group event that caused it (`HandoverStarted`, `PrimaryChanged`, …).
    public var event: String

    enum CodingKeys: String, CodingKey {
        case hint = "Hint", action = "Action", sequence = "Sequence", epoch = "Epoch", event = "Event"
    }
}

extension BatonClient {
    /// The session's hints as they happen: from `after` (an event sequence) when given, else
    /// from the next one.
    public func hintStream(for session: String, in group: String, after: Int? = nil) async throws
        -> AsyncThrowingStream<MemberHint, any Error>
    {
        let query = after.map { Self.query([("after", "\($0)")]) } ?? ""
        let response = try await open(sessionPath(session, in: group) + "/hints" + query)
        return messages(of: response) { message in
            try WireCoding.decoder.decode(MemberHint.self, from: Data(message.data.utf8))
        }
    }
}
