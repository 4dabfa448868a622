import BatonCore
import Foundation
import GRDB

extension SQLiteStore {
    static func save(_ appliance: ApplianceRecord, in db: Database) throws {
        let registration = appliance.registration
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO appliance (tenant, id, name, type, peer_id, peer_name, service_mesh_id, group_id,
                    registered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                appliance.tenant, registration.id, registration.name, registration.type, registration.peerID,
                registration.peerName, registration.serviceMeshID, appliance.group,
                appliance.registeredAt.timeIntervalSince1970,
            ])
    }

    static func applianceRecord(_ row: Row) -> ApplianceRecord {
        ApplianceRecord(
            tenant: row["tenant"],
            registration: ApplianceRegistration(
                id: row["id"], name: row["name"], type: row["type"], peerID: row["peer_id"], peerName: row["peer_name"],
                serviceMeshID: row["service_mesh_id"]),
            registeredAt: Date(timeIntervalSince1970: row["registered_at"]), group: row["group_id"])
    }
}
