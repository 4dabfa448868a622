import Foundation

/// A network appliance as HCX knows it: registered on its own, then protected by joining an
/// HA group, where it is a member like any client session.
public struct ApplianceRegistration: Equatable, Sendable {
    public var id: String
    public var name: String?
    public var type: String?
    public var peerID: String?
    public var peerName: String?
    public var serviceMeshID: String?

    public init(id: String, name: String? = nil, type: String? = nil, peerID: String? = nil, peerName: String? = nil,
                serviceMeshID: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.peerID = peerID
        self.peerName = peerName
        self.serviceMeshID = serviceMeshID
    }
}

/// Appliances are per tenant; their ids are unique within it.
public struct ApplianceKey: Hashable, Sendable {
    public var tenant: String
    public var id: String

    public init(tenant: String, id: String) {
        self.tenant = tenant
        self.id = id
    }
}

/// An appliance as the store keeps it.
public struct ApplianceRecord: Equatable, Sendable {
    public var tenant: String
    public var registration: ApplianceRegistration
    public var registeredAt: Date
    /// The HA group it belongs to, if any.
    public var group: String?

    public init(tenant: String, registration: ApplianceRegistration, registeredAt: Date, group: String? = nil) {
        self.tenant = tenant
        self.registration = registration
        self.registeredAt = registeredAt
        self.group = group
    }

    public var key: ApplianceKey { ApplianceKey(tenant: tenant, id: registration.id) }
}

/// The answer to an appliance heartbeat: its role in its HA group, if it has one.
public struct ApplianceHeartbeatAnswer: Equatable, Sendable {
    /// Nil while the appliance is in no group (HCX shows it UNDECIDED).
    public var role: Role?
    public var group: String?
    public var epoch: UInt64?
}

/// HA groups live on the same engine as client failover groups, in a namespace of their
/// own that no Client Failover path can name (`#` is not allowed in an id).
public enum HAGroups {
    public static let namespace = "#ha-groups"
    public static let defaultFailoverTimeout: Duration = .seconds(30)

    public static func key(tenant: String, id: String) -> GroupKey {
        GroupKey(tenant: tenant, namespace: namespace, id: id)
    }

    public static func collection(tenant: String) -> CollectionKey {
        CollectionKey(tenant: tenant, namespace: namespace)
    }
}
