@testable import BatonServer
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOSSL
import Testing

/// `--tls-cert` / `--tls-key`: HTTPS on the same port, with a clear error for bad files.
@Suite("TLS")
struct TLSTests {
    /// A self-signed certificate for localhost and 127.0.0.1, made with the `openssl` tool.
    struct CertificateFiles {
        let directory: URL
        var certificate: String { directory.appendingPathComponent("cert.pem").path }
        var key: String { directory.appendingPathComponent("key.pem").path }

        init() async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try await Self.openssl([
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
        }

        /// Another key, which does not belong to the certificate.
        func otherKey() async throws -> String {
            let path = directory.appendingPathComponent("other-key.pem").path
            try await Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", path])
            return path
        }

        func remove() {
            try? FileManager.default.removeItem(at: directory)
        }

        static func openssl(_ arguments: [String]) async throws {
            let outcome = try await TestProcess.run("/usr/bin/env", ["openssl"] + arguments, combiningErrors: true)
            guard outcome.status == 0 else {
                throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed (is openssl installed?):\n\(outcome.output)")
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A minimal application on 127.0.0.1, port 0, with `server` as its transport.
    static func application(server: HTTPServerBuilder) -> some ApplicationProtocol {
        let router = Router()
        router.get("health") { _, _ in "Good" }
        return Application(router: router, server: server,
                           configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "baton"))
    }

    /// A TLS client that trusts only `certificate`, verifying it fully (chain and host name).
    static func clientConfiguration(trusting certificate: String) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
        tls.certificateVerification = .fullVerification
        return tls
    }

    @Test("HTTPS round trip on loopback with the configured certificate; plain HTTP on that port fails")
    func roundTrip() async throws {
        let files = try await CertificateFiles()
        defer { files.remove() }
        let settings = ServerSettings(host: "127.0.0.1", port: 0, tlsCertificatePath: files.certificate, tlsKeyPath: files.key)
        let application = Self.application(server: try ServerTransport.serverBuilder(settings: settings))
        let tls = try Self.clientConfiguration(trusting: files.certificate)

        // `.live` starts the server; its own client speaks plain HTTP.
        try await application.test(.live) { plainClient in
            let port = try #require(plainClient.port)
            let response = try await TestClient.withClient(
                host: "127.0.0.1", port: port,
                configuration: .init(tlsConfiguration: tls, timeout: .seconds(10), serverName: "localhost")
            ) { client in
                try await client.get("/health")
            }
            #expect(response.status == .ok)
            #expect(response.body.map { String(buffer: $0) } == "Good")

            // The same port does not answer plain HTTP.
            await #expect(throws: (any Error).self) {
                let plain = try await plainClient.execute(uri: "/health", method: .get)
                Issue.record("plain HTTP was answered on the TLS port: \(plain.status)")
            }
        }
    }

    @Test("a client that does not trust the certificate cannot complete the handshake")
    func untrustedCertificateIsRejectedByTheClient() async throws {
        let files = try await CertificateFiles()
        defer { files.remove() }
        let other = try await CertificateFiles()
        defer { other.remove() }
        let application = Self.application(
            server: try ServerTransport.serverBuilder(certificatePath: files.certificate, keyPath: files.key))
        // Trusting another self-signed certificate: the server presented the configured one.
        let tls = try Self.clientConfiguration(trusting: other.certificate)
        try await application.test(.live) { plainClient in
            let port = try #require(plainClient.port)
            // Refused for the certificate, not for some other reason (such as no TLS at all).
            await #expect {
                _ = try await TestClient.withClient(
                    host: "127.0.0.1", port: port,
                    configuration: .init(tlsConfiguration: tls, timeout: .seconds(10), serverName: "localhost")
                ) { client in
                    try await client.get("/health")
                }
            } throws: { error in
                // The verification failure closes the channel; under load the request may see
                // the close before the handshake error reaches it. Either way nothing was served.
                "\(error)".contains("CERTIFICATE_VERIFY_FAILED") || error is ChannelError
            }
        }
    }

    @Test("without TLS paths the server speaks plain HTTP")
    func plainWithoutPaths() async throws {
        let application = Self.application(server: try ServerTransport.serverBuilder(settings: ServerSettings(port: 0)))
        try await application.test(.live) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "Good")
        }
    }

    // MARK: Unusable files

    /// The message of the `ServerTransport.Failure` thrown for these paths.
    func failure(certificate: String?, key: String?) -> String? {
        do {
            _ = try ServerTransport.serverBuilder(certificatePath: certificate, keyPath: key)
            Issue.record("expected a failure for cert \(certificate ?? "nil"), key \(key ?? "nil")")
            return nil
        } catch let error as ServerTransport.Failure {
            return error.description
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("a missing certificate or key file is an error naming the path")
    func missingFiles() async throws {
        let files = try await CertificateFiles()
        defer { files.remove() }
        let missing = files.directory.appendingPathComponent("nope.pem").path

        let noCertificate = try #require(failure(certificate: missing, key: files.key))
        #expect(noCertificate.contains(missing), "\(noCertificate)")
        #expect(noCertificate.contains("certificate") && noCertificate.contains("does not exist"), "\(noCertificate)")

        let noKey = try #require(failure(certificate: files.certificate, key: missing))
        #expect(noKey.contains(missing), "\(noKey)")
        #expect(noKey.contains("private key") && noKey.contains("does not exist"), "\(noKey)")
    }

    @Test("a directory, a non-PEM file and a key of another certificate are errors naming the path")
    func unusableFiles() async throws {
        let files = try await CertificateFiles()
        defer { files.remove() }
        let directory = files.directory.path
        let isDirectory = try #require(failure(certificate: directory, key: files.key))
        #expect(isDirectory.contains(directory) && isDirectory.contains("directory"), "\(isDirectory)")

        let garbage = files.directory.appendingPathComponent("garbage.pem").path
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let badCertificate = try #require(failure(certificate: garbage, key: files.key))
        #expect(badCertificate.contains(garbage), "\(badCertificate)")
        let badKey = try #require(failure(certificate: files.certificate, key: garbage))
        #expect(badKey.contains(garbage), "\(badKey)")

        // The key and the certificate swapped.
        let swapped = try #require(failure(certificate: files.key, key: files.certificate))
        #expect(swapped.contains(files.key), "\(swapped)")

        let otherKey = try await files.otherKey()
        let mismatch = try #require(failure(certificate: files.certificate, key: otherKey))
        #expect(mismatch.contains(otherKey) && mismatch.contains(files.certificate), "\(mismatch)")
    }

    @Test("a lone certificate or key is refused, never served as plain HTTP")
    func lonePath() async throws {
        let files = try await CertificateFiles()
        defer { files.remove() }
        #expect(failure(certificate: files.certificate, key: nil)?.contains("--tls-key") == true)
        #expect(failure(certificate: nil, key: files.key)?.contains("--tls-cert") == true)
    }
}
