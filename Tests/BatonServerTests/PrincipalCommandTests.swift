import BatonCore
import BatonStore
import BatonTestSupport
import Foundation
import Testing

/// `baton users …` and `baton clients …`, run as the real executable.
@Suite struct PrincipalCommandTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-cli-\(UUID().uuidString)").path
    let password = "s3cret-Passw0rd!"

    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
        var all: String { output + errors }
    }

    /// Runs `baton <arguments> --data-dir <directory> --bcrypt-cost 4` with `input` on stdin
    /// (both outputs collected as they come: nothing blocks).
    func baton(_ arguments: [String], input: String? = nil, cost: Bool = true) async throws -> Outcome {
        let outcome = try await TestProcess.run(
            BatonProcess.executable.path,
            arguments + ["--data-dir", directory] + (cost ? ["--bcrypt-cost", "4"] : []),
            environment: ["BATON_DATA_DIR": nil, "BATON_BCRYPT_COST": nil], input: input)
        return Outcome(status: outcome.status, output: outcome.output, errors: outcome.errors)
    }

    func openStore() throws -> SQLiteStore { try SQLiteStore(directory: directory, role: .administration) }

    @Test func usersAreAddedListedWithoutSecretsAndRemoved() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let added = try await baton(["users", "add", "--username", "alice", "--role", "operator", "--tenant", "plant-1",
                               "--password-stdin"], input: password + "\n")
        #expect(added.status == 0, "\(added.all)")
        #expect(!added.all.contains(password))

        let record = try #require(try openStore().principal(.user, id: "alice"))
        #expect(record.principal == Principal(kind: .user, id: "alice", tenant: "plant-1", role: .operator))
        // The trailing newline from stdin is not part of the password.
        #expect(SecretHasher.verify(password, against: record.secretHash))
        #expect(record.secretHash.hasPrefix("$2b$04$"))

        let listed = try await baton(["users", "list"])
        #expect(listed.status == 0, "\(listed.all)")
        #expect(listed.output.contains("alice"))
        #expect(listed.output.contains("operator"))
        #expect(listed.output.contains("plant-1"))
        #expect(!listed.all.contains(password))
        #expect(!listed.all.contains(record.secretHash))
        #expect(!listed.all.contains("$2b$"))

        let removed = try await baton(["users", "remove", "--username", "alice"])
        #expect(removed.status == 0, "\(removed.all)")
        #expect(try openStore().principal(.user, id: "alice") == nil)
        let again = try await baton(["users", "remove", "--username", "alice"])
        #expect(again.status != 0)
        #expect(again.errors.contains("no user 'alice'"))
    }

    @Test func theDefaultRoleIsReaderAndTenantIsDefault() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let added = try await baton(["users", "add", "--username", "viewer", "--password-stdin"], input: password)
        #expect(added.status == 0, "\(added.all)")
        let record = try #require(try openStore().principal(.user, id: "viewer"))
        #expect(record.principal.role == .reader)
        #expect(record.principal.tenant == "default")
    }

    @Test func clientsGetAGeneratedSecretPrintedOnceThatVerifies() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let added = try await baton(["clients", "add", "--client-id", "adapter-7", "--tenant", "plant-1"])
        #expect(added.status == 0, "\(added.all)")
        let line = try #require(added.output.split(separator: "\n").first { $0.hasPrefix("ClientSecret:") })
        let secret = line.dropFirst("ClientSecret:".count).trimmingCharacters(in: .whitespaces)
        #expect(secret.count >= 43)
        #expect(added.output.contains("cannot be shown again"))

        let record = try #require(try openStore().principal(.client, id: "adapter-7"))
        #expect(record.principal == Principal(kind: .client, id: "adapter-7", tenant: "plant-1", role: .member))
        #expect(record.secretHash != secret)
        #expect(SecretHasher.verify(secret, against: record.secretHash))

        let listed = try await baton(["clients", "list"])
        #expect(listed.status == 0)
        #expect(listed.output.contains("adapter-7") && listed.output.contains("member"))
        #expect(!listed.all.contains(secret) && !listed.all.contains(record.secretHash))
        // Users and clients are separate: the user list does not show the client.
        #expect(!(try await baton(["users", "list"])).output.contains("adapter-7"))

        // An existing client needs --replace, which issues a new secret.
        let duplicate = try await baton(["clients", "add", "--client-id", "adapter-7"])
        #expect(duplicate.status != 0)
        #expect(duplicate.errors.contains("already exists"))
        let rotated = try await baton(["clients", "add", "--client-id", "adapter-7", "--replace"])
        #expect(rotated.status == 0, "\(rotated.all)")
        let newHash = try #require(try openStore().principal(.client, id: "adapter-7")).secretHash
        #expect(!SecretHasher.verify(secret, against: newHash))

        let removed = try await baton(["clients", "remove", "--client-id", "adapter-7"])
        #expect(removed.status == 0)
        #expect(try openStore().principal(.client, id: "adapter-7") == nil)
    }

    @Test func anExistingUserIsReplacedOnlyWithReplace() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try await baton(["users", "add", "--username", "bob", "--password-stdin"], input: password).status == 0)
        let refused = try await baton(["users", "add", "--username", "bob", "--role", "admin", "--password-stdin"],
                                input: "another-password")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("already exists") && refused.errors.contains("--replace"))
        let unchanged = try #require(try openStore().principal(.user, id: "bob"))
        #expect(unchanged.principal.role == .reader)
        #expect(SecretHasher.verify(password, against: unchanged.secretHash))

        let replaced = try await baton(["users", "add", "--username", "bob", "--role", "admin", "--replace", "--password-stdin"],
                                 input: "another-password")
        #expect(replaced.status == 0, "\(replaced.all)")
        let changed = try #require(try openStore().principal(.user, id: "bob"))
        #expect(changed.principal.role == .admin)
        #expect(SecretHasher.verify("another-password", against: changed.secretHash))
        #expect(!SecretHasher.verify(password, against: changed.secretHash))
    }

    @Test func badInputIsRefusedWithAClearMessageAndNothingIsStored() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let badRole = try await baton(["users", "add", "--username", "u1", "--role", "root", "--password-stdin"], input: password)
        #expect(badRole.status != 0)
        #expect(badRole.errors.contains("reader, member, operator, admin"))

        let badID = try await baton(["users", "add", "--username", "a/b", "--password-stdin"], input: password)
        #expect(badID.status != 0)
        #expect(badID.errors.contains("--username"))

        let colon = try await baton(["clients", "add", "--client-id", "a:b"])
        #expect(colon.status != 0)

        let badTenant = try await baton(["clients", "add", "--client-id", "c1", "--tenant", "x?y"])
        #expect(badTenant.status != 0)
        #expect(badTenant.errors.contains("--tenant"))

        let short = try await baton(["users", "add", "--username", "u2", "--password-stdin"], input: "short\n")
        #expect(short.status != 0)
        #expect(short.errors.contains("at least 8"))
        #expect(!short.all.contains("short\n"))

        // No --password-stdin and stdin is not a terminal: refused, not an empty password.
        let noPassword = try await baton(["users", "add", "--username", "u3"])
        #expect(noPassword.status != 0)
        #expect(noPassword.errors.contains("--password-stdin"))

        let lowCost = try await baton(["users", "add", "--username", "u4", "--password-stdin", "--bcrypt-cost", "3"],
                                input: password, cost: false)
        #expect(lowCost.status != 0)
        #expect(lowCost.errors.contains("--bcrypt-cost"))

        #expect(try openStore().principals().isEmpty)
    }

    @Test func principalsCanBeManagedWhileACoordinatorHoldsTheDirectory() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let coordinator = try SQLiteStore(directory: directory)
        let added = try await baton(["users", "add", "--username", "admin", "--role", "admin", "--password-stdin"], input: password)
        #expect(added.status == 0, "\(added.all)")
        #expect(try coordinator.principal(.user, id: "admin")?.principal.role == .admin)
        withExtendedLifetime(coordinator) {}
    }
}
