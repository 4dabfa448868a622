import BatonClient
import Foundation

/// One Client Failover group as `baton groups` and `baton status` show it: its
/// configuration, role state and members, and a health read from them.
struct GroupSummary: Encodable {
    var group: GroupConfiguration
    var status: GroupStatus
    var sessions: [ClientSession]

    var live: Int { sessions.filter(\.isLive).count }

    /// HEALTHY: a live Primary and a live standby that could take over; DEGRADED: live
    /// members but no live Primary, or nobody to fail over to; FAILED: no live member;
    /// EMPTY: no members. (The HA groups' `groupState`, read the same way.)
    var health: String {
        guard !sessions.isEmpty else { return "EMPTY" }
        guard live > 0 else { return "FAILED" }
        let primaryLive = sessions.contains { $0.id == status.primary && $0.isLive }
        let standby = sessions.contains { $0.id != status.primary && $0.isLive && $0.roleOverride != .secondary }
        return primaryLive && standby ? "HEALTHY" : "DEGRADED"
    }

    static func read(_ id: String, with client: BatonClient) async throws -> GroupSummary {
        async let group = client.group(id)
        async let status = client.status(of: id)
        async let sessions = client.allSessions(in: id)
        return try await GroupSummary(group: group, status: status, sessions: sessions)
    }

    static func read(_ group: GroupConfiguration, with client: BatonClient) async throws -> GroupSummary {
        async let status = client.status(of: group.id)
        async let sessions = client.allSessions(in: group.id)
        return try await GroupSummary(group: group, status: status, sessions: sessions)
    }

    enum CodingKeys: String, CodingKey {
        case group = "Group", status = "Status", sessions = "Sessions", live = "Live", total = "Total", health = "Health"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(status, forKey: .status)
        try container.encode(sessions, forKey: .sessions)
        try container.encode(live, forKey: .live)
        try container.encode(sessions.count, forKey: .total)
        try container.encode(health, forKey: .health)
    }
}
