import BatonClient
import BatonTestSupport
import Foundation
import Testing

/// With authentication on: a user's password (HTTP Basic), an API client's secret (a token
/// from /identity/connect/token) and a bearer token, each from the environment.
@Suite struct CredentialTests {
    @Test func credentialsFromTheEnvironmentAreSentAndRefusalsExplained() async throws {
        var secret = ""
        try await LiveServer.with(arguments: ["--auth", "required"], prepare: { directory in
            let user = try await TestProcess.run(
                LiveServer.executable,
                ["users", "add", "--username", "ops", "--role", "admin", "--password-stdin", "--data-dir", directory.path,
                 "--bcrypt-cost", "4"],
                input: "correct horse battery\n")
            #expect(user.status == 0, "\(user.all)")
            let client = try await TestProcess.run(
                LiveServer.executable,
                ["clients", "add", "--client-id", "dash", "--role", "reader", "--data-dir", directory.path, "--bcrypt-cost", "4"])
            #expect(client.status == 0, "\(client.all)")
            secret = client.output.split(separator: "\n").first { $0.hasPrefix("ClientSecret:") }
                .map { String($0.dropFirst("ClientSecret:".count)).trimmingCharacters(in: .whitespaces) } ?? ""
        }) { server in
            #expect(!secret.isEmpty)
            let anonymous = try await server.baton(["groups"])
            #expect(anonymous.status == 1)
            #expect(anonymous.errors.contains("HTTP 401"), "\(anonymous.all)")

            let wrong = try await server.baton(["groups"], environment: ["BATON_USER": "ops", "BATON_PASSWORD": "wrong password"])
            #expect(wrong.status == 1)

            let user = try await server.baton(["pause", "g"], environment: ["BATON_USER": "ops", "BATON_PASSWORD": "correct horse battery"])
            // Authenticated: the refusal is now about the group, not the credentials.
            #expect(user.status == 1)
            #expect(user.errors.contains("HTTP 404"), "\(user.all)")

            _ = try await server.withClient(.basic(username: "ops", password: "correct horse battery")) { client in
                try await client.createGroup(GroupConfiguration(id: "g"))
            }
            let groups = try await server.baton(["groups"], environment: ["BATON_CLIENT_ID": "dash", "BATON_CLIENT_SECRET": secret])
            #expect(groups.status == 0, "\(groups.all)")
            #expect(groups.output.contains("g "), "\(groups.output)")

            // A reader may read but not pause.
            let paused = try await server.baton(["pause", "g"], environment: ["BATON_CLIENT_ID": "dash", "BATON_CLIENT_SECRET": secret])
            #expect(paused.status == 1)
            #expect(paused.errors.contains("HTTP 403"), "\(paused.all)")

            let token = try await server.withClient { try await $0.requestToken(clientID: "dash", secret: secret) }
            let bearer = try await server.baton(["status", "g", "-o", "json"], environment: ["BATON_TOKEN": token.accessToken])
            #expect(bearer.status == 0, "\(bearer.all)")
        }
    }
}
