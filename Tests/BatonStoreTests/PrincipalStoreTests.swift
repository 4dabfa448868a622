import BatonCore
@testable import BatonStore
import Foundation
import Testing

/// Users, clients and the token signing key in the embedded store, on a real SQLite file.
@Suite struct PrincipalStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-principals-\(UUID().uuidString)").path
    let created = Date(timeIntervalSince1970: 1_800_000_000.5)

    func record(_ kind: Principal.Kind, _ id: String, tenant: String = "t1", role: AccessRole = .reader,
                hash: String = "$2b$04$notarealhash") -> PrincipalRecord {
        PrincipalRecord(principal: Principal(kind: kind, id: id, tenant: tenant, role: role), secretHash: hash, createdAt: created)
    }

    @Test func savedPrincipalsAreReadBackExactlyAfterReopening() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let alice = record(.user, "alice", role: .admin)
        do {
            let store = try SQLiteStore(directory: directory)
            #expect(try store.principal(.user, id: "alice") == nil)
            try store.savePrincipal(alice)
            #expect(try store.principal(.user, id: "alice") == alice)
        }
        let reopened = try SQLiteStore(directory: directory)
        #expect(try reopened.principal(.user, id: "alice") == alice)
        #expect(try reopened.principal(.client, id: "alice") == nil)
    }

    @Test func savingAgainReplacesRoleTenantAndHash() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try store.savePrincipal(record(.user, "bob", role: .reader, hash: "old"))
        let replacement = record(.user, "bob", tenant: "t2", role: .operator, hash: "new")
        try store.savePrincipal(replacement)
        #expect(try store.principal(.user, id: "bob") == replacement)
        #expect(try store.principals().count == 1)
    }

    @Test func deleteRemovesOnlyThatPrincipalAndSaysWhetherThereWasOne() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try store.savePrincipal(record(.user, "carol"))
        try store.savePrincipal(record(.client, "carol"))
        #expect(try store.deletePrincipal(.user, id: "carol"))
        #expect(try !store.deletePrincipal(.user, id: "carol"))
        #expect(try !store.deletePrincipal(.user, id: "nobody"))
        #expect(try store.principal(.user, id: "carol") == nil)
        #expect(try store.principal(.client, id: "carol") != nil)
    }

    @Test func usersAndClientsWithTheSameIDAreDistinct() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let user = record(.user, "adapter", tenant: "a", role: .admin, hash: "user-hash")
        let client = record(.client, "adapter", tenant: "b", role: .member, hash: "client-hash")
        try store.savePrincipal(user)
        try store.savePrincipal(client)
        #expect(try store.principal(.user, id: "adapter") == user)
        #expect(try store.principal(.client, id: "adapter") == client)
    }

    @Test func listIsOrderedByKindThenID() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        for (kind, id) in [(Principal.Kind.user, "zed"), (.client, "m"), (.user, "amy"), (.client, "b")] {
            try store.savePrincipal(record(kind, id))
        }
        let listed = try store.principals().map { "\($0.principal)" }
        #expect(listed == ["client:b", "client:m", "user:amy", "user:zed"])
    }

    @Test func theAnonymousPrincipalIsNeverStored() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        #expect(throws: PrincipalStoreError.self) { try store.savePrincipal(record(.anonymous, "anonymous")) }
        #expect(try store.principals().isEmpty)
    }

    @Test func theSigningKeyIs32BytesAndSurvivesReopening() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key: [UInt8]
        do {
            let store = try SQLiteStore(directory: directory)
            key = try store.signingKey()
            #expect(key.count == 32)
            #expect(try store.signingKey() == key)
        }
        #expect(try SQLiteStore(directory: directory).signingKey() == key)
        // A different directory gets a different key.
        let other = directory + "-other"
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try SQLiteStore(directory: other).signingKey() != key)
    }

    @Test func twoStoresOnOneDirectoryGetTheSameSigningKey() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SQLiteStore(directory: directory, role: .administration)
        let second = try SQLiteStore(directory: directory, role: .administration)
        // Both race to create it: one creates, the other must find and return the same key.
        async let a = Task.detached { try first.signingKey() }.value
        async let b = Task.detached { try second.signingKey() }.value
        let (keyA, keyB) = try await (a, b)
        #expect(keyA.count == 32)
        #expect(keyA == keyB)
        #expect(try first.signingKey() == keyA)
    }

    @Test func theStoredHashIsNotTheSecretAndVerifiesIt() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let secret = SecretHasher.generateSecret()
        try store.savePrincipal(record(.client, "c1", hash: SecretHasher.hash(secret, cost: 4)))
        let stored = try #require(try store.principal(.client, id: "c1")).secretHash
        #expect(stored != secret)
        #expect(!stored.contains(secret))
        #expect(stored.hasPrefix("$2b$04$"))
        #expect(SecretHasher.verify(secret, against: stored))
        #expect(!SecretHasher.verify(secret + "x", against: stored))
        #expect(!SecretHasher.verify("", against: stored))
        #expect(!SecretHasher.verify(secret, against: "not a hash"))
    }

    @Test func hashesAreSaltedAndOverlongOrNULSecretsNeverMatch() {
        let password = "correct horse battery staple"
        let one = SecretHasher.hash(password, cost: 4)
        let two = SecretHasher.hash(password, cost: 4)
        #expect(one != two)
        #expect(SecretHasher.verify(password, against: one) && SecretHasher.verify(password, against: two))
        // bcrypt reads 72 bytes; a longer candidate sharing them must not pass.
        let long = String(repeating: "a", count: 72)
        let hash = SecretHasher.hash(long, cost: 4)
        #expect(SecretHasher.verify(long, against: hash))
        #expect(!SecretHasher.verify(long + "b", against: hash))
        #expect(SecretHasher.problem(with: long + "b") != nil)
        #expect(SecretHasher.problem(with: "abc\u{0}def") != nil)
    }

    @Test func generatedSecretsAreURLSafeUnpaddedAndUnique() {
        let secrets = (0..<50).map { _ in SecretHasher.generateSecret() }
        #expect(Set(secrets).count == secrets.count)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for secret in secrets {
            #expect(secret.count == 43) // 32 bytes
            #expect(secret.allSatisfy(allowed.contains))
        }
        #expect(SecretHasher.base64URL([0xFB, 0xFF]) == "-_8")
    }

    @Test func administrationOpensALockedDirectoryButASecondCoordinatorStillCannot() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let coordinator = try SQLiteStore(directory: directory)
        let administration = try SQLiteStore(directory: directory, role: .administration)
        try administration.savePrincipal(record(.user, "ops", role: .admin))
        // The coordinator sees the change at once.
        #expect(try coordinator.principal(.user, id: "ops")?.principal.role == .admin)
        #expect(throws: StoreError.self) { try SQLiteStore(directory: directory, role: .coordinator) }
        // The administration store holds no lock: it does not keep a coordinator out.
        withExtendedLifetime(coordinator) {}
        let other = directory + "-admin-first"
        defer { try? FileManager.default.removeItem(atPath: other) }
        let adminFirst = try SQLiteStore(directory: other, role: .administration)
        #expect(throws: Never.self) { _ = try SQLiteStore(directory: other) }
        withExtendedLifetime(adminFirst) {}
    }
}
