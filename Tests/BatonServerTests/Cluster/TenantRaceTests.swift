import BatonCore
import BatonTestSupport
import Foundation
import HTTPTypes
import Testing

/// Two instances on one PostgreSQL database racing on a tenant that has no group yet: what
/// one commits the other must see, so the loser gets the answer a single instance on SQLite
/// gives (409), never a second 201 or 202.
@Suite(.needsPostgres)
struct TenantRaceTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["BATON_RACE_ROUNDS"] ?? "") ?? 40

    static func registration(_ id: String, name: String) -> String {
        #"{"applianceId":"\#(id)","applianceName":"\#(name)","applianceType":"HCX-NET-EXT","peerApplianceId":"\#(id)-peer","serviceMeshId":"mesh-1"}"#
    }

    static func creation(_ group: String, _ appliances: [String]) -> String {
        let list = appliances.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"groupId":"\#(group)","name":"Group \#(group)","appliances":[\#(list)],"policyInfo":{"policy":"NONE"},"serviceMeshId":"mesh-1","failoverTimeout":"00:00:10"}"#
    }

    @Test func oneApplianceRegisteredWithTwoBodiesAtOnceIsRegisteredOnceAndTheOtherRefused() async throws {
        try await withTwoInstances { one, two in
            for round in 1...Self.rounds {
                let id = "ix-\(round)"
                async let first = one.hcx(.post, HCX.appliances, Self.registration(id, name: "first"))
                async let second = two.hcx(.post, HCX.appliances, Self.registration(id, name: "second"))
                let replies = try await [first, second]
                let statuses = replies.map(\.status.code).sorted()
                guard statuses == [201, 409] else {
                    Issue.record("round \(round): \(replies.map(\.text))")
                    return
                }
                // The appliance is the winner's, seen alike by both instances.
                let winner = replies[0].status == .created ? "first" : "second"
                for client in [one, two] {
                    let stored = try await client.hcx(.get, HCX.appliance(id))
                    #expect(try stored.string("applianceName") == winner, "round \(round): \(stored.text)")
                }
            }
        }
    }

    @Test func twoHAGroupsNamingOneApplianceAtOnceInATenantWithoutGroupsCreateOneGroup() async throws {
        try await withTwoInstances { one, two in
            for appliance in ["ix-a", "ix-b"] {
                let reply = try await one.hcx(.post, HCX.appliances, Self.registration(appliance, name: appliance))
                #expect(reply.status == .created, "\(reply.text)")
            }
            for round in 1...Self.rounds {
                async let first = one.hcx(.post, HCX.groups, Self.creation("g\(round)-1", ["ix-a", "ix-b"]))
                async let second = two.hcx(.post, HCX.groups, Self.creation("g\(round)-2", ["ix-b", "ix-a"]))
                let replies = try await [first, second]
                let statuses = replies.map(\.status.code).sorted()
                guard statuses == [202, 409] else {
                    Issue.record("round \(round): \(replies.map(\.text))")
                    return
                }
                let listed = try await two.hcx(.get, HCX.groups)
                #expect(try listed.field("items")?.arrayValue?.count == 1, "round \(round): \(listed.text)")
                // Back to a tenant without groups for the next round.
                let winner = replies[0].status == .accepted ? "g\(round)-1" : "g\(round)-2"
                let deleted = try await one.hcx(.delete, HCX.group(winner) + "?force=true")
                #expect(deleted.status.kind == .successful, "\(deleted.text)")
            }
        }
    }
}
