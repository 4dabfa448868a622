import BatonClient
import BatonTestSupport
import Foundation
import Testing

/// `--ca-file`: a server with a self-signed certificate is trusted through that file only.
@Suite struct TLSCommandTests {
    @Test func aServerWithASelfSignedCertificateIsReachedWithItsCAFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-cli-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = try await TestProcess.run("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ], combiningErrors: true)
        try #require(openssl.status == 0, "openssl: \(openssl.output)")

        try await LiveServer.with(arguments: ["--tls-cert", certificate, "--tls-key", key]) { server in
            let https = "https://127.0.0.1:\(server.port)"
            let trusted = try await server.baton(["groups"], environment: ["BATON_SERVER": https, "BATON_CA_FILE": certificate])
            #expect(trusted.status == 0, "\(trusted.all)")
            #expect(trusted.output.contains("No groups."), "\(trusted.output)")

            let flag = try await server.baton(["groups", "--ca-file", certificate, "--server", https])
            #expect(flag.status == 0, "\(flag.all)")

            // Without the CA file the system's roots do not know this certificate.
            let untrusted = try await server.baton(["groups"], environment: ["BATON_SERVER": https])
            #expect(untrusted.status == 1)
            #expect(untrusted.errors.contains("cannot reach the server"), "\(untrusted.all)")
        }
    }
}
