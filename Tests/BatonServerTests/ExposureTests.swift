import BatonServer
import BatonTestSupport
import Foundation
import Testing

/// Safe defaults: without authentication Baton serves only on loopback, and refuses to start
/// on any other address with a message that says what to do.
@Suite("Exposure")
struct ExposureTests {
    static let exposedHosts = [
        "0.0.0.0", "::", "[::]", "192.168.1.20", "10.0.0.5", "172.16.0.1", "fe80::1", "2001:db8::1",
        "baton.example.com", "my-laptop", "",
        // Loopback in fact, but in forms the check does not parse: refused, which is safe.
        "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1", "localhost.",
    ]

    @Test("without authentication, a non-loopback bind is refused with a clear message",
          arguments: exposedHosts)
    func refusedWithoutAuthentication(_ host: String) {
        let settings = ServerSettings(host: host, authentication: .disabled)
        #expect(!settings.bindsLoopbackOnly)
        do {
            try settings.validateExposure()
            Issue.record("\(host) was allowed without authentication")
        } catch {
            let message = "\(error)"
            #expect(error is ServerSettings.Invalid)
            #expect(message.contains("refusing to serve on \(host) without authentication"), "\(message)")
            #expect(message.contains("--auth required"), "the message says how to fix it: \(message)")
            #expect(message.contains("127.0.0.1"), "the message offers loopback: \(message)")
        }
    }

    @Test("without authentication, loopback binds are allowed",
          arguments: ["127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "localhost", "LocalHost"])
    func loopbackAllowed(_ host: String) throws {
        let settings = ServerSettings(host: host, authentication: .disabled)
        #expect(settings.bindsLoopbackOnly)
        try settings.validateExposure()
    }

    @Test("with authentication required, any address is allowed",
          arguments: ["0.0.0.0", "::", "192.168.1.20", "baton.example.com", "127.0.0.1"])
    func anyAddressWithAuthentication(_ host: String) throws {
        try ServerSettings(host: host, authentication: .required).validateExposure()
    }

    @Test("the defaults are loopback without authentication, and valid")
    func defaults() throws {
        let settings = ServerSettings()
        #expect(settings.host == "127.0.0.1")
        #expect(settings.authentication == .disabled)
        try settings.validateExposure()
    }

    @Test("a lone --tls-cert or --tls-key is refused; both or neither are fine")
    func tlsPathsGoTogether() throws {
        for (certificate, key) in [("/etc/baton/cert.pem", nil), (nil, "/etc/baton/key.pem")] as [(String?, String?)] {
            let settings = ServerSettings(tlsCertificatePath: certificate, tlsKeyPath: key)
            #expect {
                try settings.validateExposure()
            } throws: { error in
                "\(error)".contains("--tls-cert and --tls-key go together")
            }
        }
        try ServerSettings(tlsCertificatePath: "/etc/baton/cert.pem", tlsKeyPath: "/etc/baton/key.pem").validateExposure()
        try ServerSettings(tlsCertificatePath: nil, tlsKeyPath: nil).validateExposure()
    }

    /// Known hole: `bindsLoopbackOnly` takes any host beginning with `127.` for loopback, so a
    /// DNS name such as `127.example.com` (which may resolve to a public address, and is
    /// resolved by the bind) passes without authentication. When the check is fixed this
    /// known issue stops reproducing and the test fails, to be turned into a plain check.
    @Test("a DNS name that merely starts with 127. is not loopback",
          arguments: ["127.example.com", "127.0.0.1.example.com"])
    func dnsNameStartingWith127(_ host: String) {
        let settings = ServerSettings(host: host, authentication: .disabled)
        #expect(throws: ServerSettings.Invalid.self) { try settings.validateExposure() }
    }

    @Test("building the application on a public address without authentication fails before opening the store")
    func buildRefusesPublicBind() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-exposure-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let settings = ServerSettings(host: "0.0.0.0", port: 0, dataDirectory: directory.path, logLevel: .critical)
        await #expect(throws: ServerSettings.Invalid.self) {
            _ = try await buildApplication(settings: settings)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path), "the store was created before the refusal")
    }

    @Test("`baton serve --host 0.0.0.0` without authentication exits with the message instead of listening")
    func serveRefusesPublicBind() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-exposure-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let executable = BatonProcess.executable
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "no baton at \(executable.path)")

        // Only what the test sets: a BATON_AUTH in the caller's environment must not leak in.
        let inherited = ProcessInfo.processInfo.environment.keys.filter { $0.hasPrefix("BATON_") }
        let process = try await RunningProcess(
            executable.path, ["serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", directory.path],
            environment: Dictionary(uniqueKeysWithValues: inherited.map { ($0, String?.none) }))

        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            _ = try? await process.terminate()
            Issue.record("baton serve kept running on 0.0.0.0 without authentication")
        }
        let terminationStatus = try await process.waitForExit()
        let output = process.output
        #expect(terminationStatus != 0, "\(output)")
        #expect(output.contains("refusing to serve on 0.0.0.0 without authentication"), "\(output)")
        #expect(!output.contains("listening on"), "\(output)")
    }
}
