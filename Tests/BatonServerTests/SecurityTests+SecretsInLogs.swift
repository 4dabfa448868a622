import BatonCore
import BatonStore
import BatonTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A real `baton serve --auth required` at trace level never logs a password, a client
/// secret, a Basic header or a stored hash.
@Suite struct SecretsInLogsTests {
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// Runs the real `baton` CLI with `input` on stdin (both outputs collected as they come:
    /// nothing blocks).
    static func cli(_ arguments: [String], input: String? = nil) async throws -> Outcome {
        let outcome = try await TestProcess.run(BatonProcess.executable.path, arguments, input: input, combiningErrors: true)
        return Outcome(status: outcome.status, output: outcome.output)
    }

    static func send(_ client: TestClient, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
                     headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, HTTPFields) {
        var headers = headers
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(TestClient.Request(uri, method: method, headers: headers,
                                                                    body: body.map { ByteBuffer(string: $0) }))
        return (response.status, response.headers)
    }

    @Test func secretsNeverReachTheLog() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-secrets-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let password = "Corr3ct-Horse-Battery-Staple"
        let wrongPassword = "Wr0ng-Guess-Password"

        let process = try await BatonProcess(dataDirectory: directory, logLevel: "trace",
                                             extraArguments: ["--auth", "required"])
        // No admin yet: the first start says how to create one.
        #expect(process.log.contains("baton users add"), "\(process.log)")
        #expect(process.log.contains("--role admin"))

        let user = try await Self.cli(["users", "add", "--data-dir", directory, "--username", "admin", "--tenant", "default",
                                 "--role", "admin", "--password-stdin", "--bcrypt-cost", "4"], input: password + "\n")
        #expect(user.status == 0, "\(user.output)")
        let added = try await Self.cli(["clients", "add", "--data-dir", directory, "--client-id", "adapter-1", "--tenant", "default",
                                  "--role", "member", "--bcrypt-cost", "4"])
        #expect(added.status == 0, "\(added.output)")
        let secretLine = try #require(added.output.split(separator: "\n").first { $0.contains("ClientSecret:") })
        let secret = String(secretLine.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces)
        #expect(secret.count >= 32)

        let basic = Credentials.basicValue("admin", password)
        let wrongBasic = Credentials.basicValue("admin", wrongPassword)
        let clientBasic = Credentials.basicValue("adapter-1", secret)
        try await TestClient.withClient(host: "127.0.0.1", port: process.port) { client in
            let groups = "/api/v1/clientfailover/groups"
            #expect(try await Self.send(client, .get, groups, headers: [.authorization: basic]).0 == .ok)
            #expect(try await Self.send(client, .post, groups, #"{"Id":"g"}"#, headers: [.authorization: basic]).0 == .created)
            #expect(try await Self.send(client, .get, groups, headers: [.authorization: wrongBasic]).0 == .unauthorized)
            let form = ["application/x-www-form-urlencoded"]
            let token = try await Self.send(client, .post, "/identity/connect/token",
                                            "grant_type=client_credentials&client_id=adapter-1&client_secret=\(secret)",
                                            headers: [.contentType: form[0]])
            #expect(token.0 == .ok)
            let wrongToken = try await Self.send(client, .post, "/identity/connect/token",
                                                 "grant_type=client_credentials&client_id=adapter-1&client_secret=\(secret)x",
                                                 headers: [.contentType: form[0]])
            #expect(wrongToken.0 == .unauthorized)
            #expect(try await Self.send(client, .post, "/identity/connect/token", "grant_type=client_credentials",
                                        headers: [.contentType: form[0], .authorization: clientBasic]).0 == .ok)
            let login = try await Self.send(client, .post, "/hybridity/api/sessions",
                                            #"{"username":"admin","password":\#(json(password))}"#)
            #expect(login.0 == .ok)
            #expect(try await Self.send(client, .post, "/hybridity/api/sessions",
                                        #"{"username":"admin","password":\#(json(wrongPassword))}"#).0 == .unauthorized)
        }
        #expect(await process.terminate() == 0)

        let hash = try #require(try SQLiteStore(directory: directory, role: .administration).principal(.user, id: "admin")).secretHash
        let clientHash = try #require(try SQLiteStore(directory: directory, role: .administration).principal(.client, id: "adapter-1")).secretHash
        let log = process.log
        // The log was captured (the serving notice is in it), so its silence on secrets means something.
        #expect(log.contains("baton serving"), "\(log)")
        for (name, forbidden) in [
            ("password", password), ("wrong password", wrongPassword), ("client secret", secret),
            ("Basic header", String(basic.dropFirst(6))), ("wrong Basic header", String(wrongBasic.dropFirst(6))),
            ("client Basic header", String(clientBasic.dropFirst(6))), ("bcrypt hash", hash),
            ("client bcrypt hash", clientHash), ("bcrypt prefix", "$2b$"),
        ] {
            #expect(!log.contains(forbidden), "the log contains the \(name)")
        }
    }
}
