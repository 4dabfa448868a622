import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// How Baton speaks on its socket: plain HTTP/1.1, or HTTPS when `--tls-cert` and
/// `--tls-key` (`BATON_TLS_CERT`, `BATON_TLS_KEY`) name PEM files.
enum ServerTransport {
    /// A certificate or key that cannot be used; the message names the file.
    struct Failure: Error, CustomStringConvertible, Equatable {
        var description: String
    }

    /// The server builder for `settings`: `.http1()` without TLS paths, HTTP/1.1 over TLS with
    /// both. Reads and checks the files now, so a bad path or a key that does not match the
    /// certificate stops `baton serve` at start with a message naming the file, not at the
    /// first connection. A lone path is refused by `ServerSettings.validateExposure()`; here
    /// it is refused too, never silently served as plain HTTP.
    static func serverBuilder(settings: ServerSettings) throws -> HTTPServerBuilder {
        try serverBuilder(certificatePath: settings.tlsCertificatePath, keyPath: settings.tlsKeyPath)
    }

    static func serverBuilder(certificatePath: String?, keyPath: String?) throws -> HTTPServerBuilder {
        switch (certificatePath, keyPath) {
        case (nil, nil):
            return HTTPServerBuilder { responder in
                EventLoopBoundChannel(base: HTTP1Channel(responder: responder))
            }
        case (let certificatePath?, let keyPath?):
            let tls = try tlsConfiguration(certificatePath: certificatePath, keyPath: keyPath)
            return HTTPServerBuilder { responder in
                EventLoopBoundChannel(base: try TLSChannel(HTTP1Channel(responder: responder), tlsConfiguration: tls))
            }
        default:
            throw Failure(description: "--tls-cert and --tls-key go together: give both to serve HTTPS, or neither")
        }
    }

    /// A server TLS configuration from a PEM certificate chain (leaf first) and a PEM private key.
    static func tlsConfiguration(certificatePath: String, keyPath: String) throws -> TLSConfiguration {
        let certificateBytes = try read(certificatePath, what: "TLS certificate (--tls-cert, BATON_TLS_CERT)")
        let keyBytes = try read(keyPath, what: "TLS private key (--tls-key, BATON_TLS_KEY)")

        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(certificateBytes)
        } catch {
            throw Failure(description: "TLS certificate \(certificatePath) is not a PEM certificate: \(error)")
        }
        guard !chain.isEmpty else {
            throw Failure(description: "TLS certificate \(certificatePath) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem)
        } catch {
            throw Failure(description: "TLS private key \(keyPath) is not a PEM private key: \(error)")
        }

        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        // Build a context once so a key that does not belong to the certificate fails now.
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Failure(description: "TLS private key \(keyPath) does not fit certificate \(certificatePath): \(error)")
        }
        return configuration
    }

    private static func read(_ path: String, what: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(description: "\(what) \(path) does not exist")
        }
        guard !isDirectory.boolValue else {
            throw Failure(description: "\(what) \(path) is a directory, not a PEM file")
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Failure(description: "\(what) \(path) cannot be read: \(error.localizedDescription)")
        }
    }
}
