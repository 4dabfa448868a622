import Foundation

/// HCX appliances (Baton's extension): `/hybridity/api/interconnect/appliances`.
extension BatonClient {
    public func appliances() async throws -> [HCXAppliance] {
        try await send(.GET, Self.hcxBase + "/appliances").decode(HCXItems<HCXAppliance>.self).items
    }

    public func appliance(_ id: String) async throws -> HCXAppliance {
        try await send(.GET, appliancePath(id)).decode(HCXAppliance.self)
    }

    /// Registers an appliance (member role); the same registration again changes nothing.
    @discardableResult
    public func registerAppliance(_ appliance: HCXAppliance) async throws -> HCXAppliance {
        try await send(.POST, Self.hcxBase + "/appliances", json: appliance).decode(HCXAppliance.self)
    }

    public func removeAppliance(_ id: String) async throws {
        _ = try await send(.DELETE, appliancePath(id))
    }

    /// The appliance's heartbeat with its health score (0–100): its role and the group's epoch.
    public func applianceHeartbeat(_ id: String, score: Double) async throws -> HCXHeartbeatAnswer {
        try await send(.POST, appliancePath(id) + "/heartbeat", json: ["score": score])
            .decode(HCXHeartbeatAnswer.self)
    }

    func appliancePath(_ id: String) -> String {
        Self.hcxBase + "/appliances/" + Self.segment(id)
    }
}
