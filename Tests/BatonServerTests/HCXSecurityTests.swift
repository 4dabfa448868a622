import BatonCore
import Foundation
import HTTPTypes
import Testing

/// Authentication and authorization of the HCX HA groups API: 401 and 403 have no body.
@Suite struct HCXSecurityTests {
    @Test func unauthenticatedAndForbiddenAnswersHaveNoBody() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "t1")
        try await baton.run { client in
            let admin = users.admin
            try await client.registerAppliance("a1", as: admin)
            try await client.registerAppliance("a2", as: admin)
            try await client.createHAGroup("g", ["a1", "a2"], as: admin)
            #expect(try await client.applianceRole("a1", as: users.credentials(.member)) == "ACTIVE")
            #expect(try await client.applianceRole("a2", as: users.credentials(.member)) == "STANDBY")

            // No credentials, wrong password: 401, no body, a challenge.
            for credentials in [Credentials.none, .basic(user: users.name(.admin), password: "wrong")] {
                let reply = try await client.forceFailover("g", as: credentials)
                #expect(reply.status == .unauthorized)
                #expect(reply.text.isEmpty, "body: \(reply.text)")
                #expect(reply.headers[.wwwAuthenticate] != nil)
            }
            let list = try await client.hcx(.get, HCX.groups, as: Credentials.none)
            #expect(list.status == .unauthorized)
            #expect(list.text.isEmpty)

            // A reader may read but not fail over: 403, no body.
            let reader = users.credentials(.reader)
            #expect(try await client.hcx(.get, HCX.group("g"), as: reader).status == .ok)
            let refused = try await client.forceFailover("g", as: reader)
            #expect(refused.status == .forbidden)
            #expect(refused.text.isEmpty, "body: \(refused.text)")
            let refusedDelete = try await client.hcx(.delete, HCX.group("g"), as: reader)
            #expect(refusedDelete.status == .forbidden)
            #expect(refusedDelete.text.isEmpty)

            // An operator may.
            let accepted = try await client.forceFailover("g", as: users.credentials(.operator))
            #expect(accepted.status == .accepted, "\(accepted.text)")
            let taskID = try #require(try accepted.field("data")?.string("interconnectTaskId"))
            let task = try await client.hcxTask(taskID, as: reader)
            #expect(task.string("principal") == "user:\(users.name(.operator))")

            // 404 and 409 keep their HCX bodies when authenticated.
            try await client.forceFailover("nope", as: users.credentials(.operator)).expectHCXError(.notFound, code: "NotFound")
            try await client.forceFailover("g", as: users.credentials(.operator)).expectHCXError(.conflict, code: "FailoverInProgress")

            // Another tenant sees none of it.
            let others = try baton.addRoleUsers(tenant: "t2")
            try await client.hcx(.get, HCX.group("g"), as: others.admin).expectHCXError(.notFound)
            let otherTasks = try await client.hcx(.get, HCX.tasks, as: others.admin)
            #expect(try otherTasks.field("items")?.arrayValue?.isEmpty == true)
            try await client.hcx(.get, HCX.task(taskID), as: others.admin).expectHCXError(.notFound)
        }
    }

    @Test func anHCXSessionTokenWorks() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        let users = try baton.addRoleUsers(tenant: "t1")
        try await baton.run { client in
            let login = try await client.send(
                .post, "/hybridity/api/sessions",
                #"{"username":"\#(users.name(.admin))","password":"\#(users.password(.admin))"}"#, as: .none)
            let token = try #require(login.headers[HTTPField.Name("x-hm-authorization")!])
            let reply = try await client.hcx(.get, HCX.groups, as: .hcx(token))
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(try reply.field("items")?.arrayValue?.isEmpty == true)
        }
    }
}
