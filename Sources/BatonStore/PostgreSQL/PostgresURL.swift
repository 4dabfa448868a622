import Foundation
import NIOSSL
import PostgresNIO

/// Where the shared store is: `postgres://user:password@host:port/database?sslmode=…`.
///
/// `sslmode` is `disable`, `require` or `verify-full` (`require` and `verify-full` both verify
/// the server's certificate, against the system's trust roots or the PEM file `sslrootcert`
/// names). Without it: `disable` on a loopback host, `require` anywhere else.
struct PostgresURL: Equatable {
    enum TLSMode: String, Equatable {
        case disable
        case require
        case verifyFull = "verify-full"
    }

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    var tls: TLSMode
    var rootCertificatePath: String?

    /// Never quotes the URL back: it may hold a password.
    struct Invalid: Error, CustomStringConvertible {
        var reason: String
        var description: String { "invalid PostgreSQL URL: \(reason); expected postgres://user:password@host:port/database?sslmode=disable|require" }
    }

    init(_ text: String) throws(Invalid) {
        guard let components = URLComponents(string: text) else { throw Invalid(reason: "it is not a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw Invalid(reason: "the scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw Invalid(reason: "it names no host") }
        guard let user = components.user, !user.isEmpty else { throw Invalid(reason: "it names no user") }
        if let port = components.port, !(1...65_535).contains(port) { throw Invalid(reason: "the port is out of range") }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 5432
        username = user
        password = components.password
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else { throw Invalid(reason: "the path must be one database name") }
        database = path.isEmpty ? user : path
        var tls: TLSMode?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw Invalid(reason: "sslmode must be disable, require or verify-full")
                }
                tls = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else { throw Invalid(reason: "sslrootcert is empty") }
                rootCertificatePath = path
            default:
                throw Invalid(reason: "the parameter '\(item.name)' is not supported (only sslmode and sslrootcert)")
            }
        }
        self.tls = tls ?? (Self.isLoopback(self.host) ? .disable : .require)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The client configuration, without pool options.
    func configuration() -> PostgresClient.Configuration {
        let tlsSetting: PostgresClient.Configuration.TLS
        switch tls {
        case .disable:
            tlsSetting = .disable
        case .require, .verifyFull:
            tlsSetting = .require(tlsConfiguration())
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsSetting)
    }

    /// The same server for one connection outside any pool (the store's availability probe).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tlsSetting: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable:
            tlsSetting = .disable
        case .require, .verifyFull:
            tlsSetting = .require(try NIOSSLContext(configuration: tlsConfiguration()))
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsSetting)
    }

    private func tlsConfiguration() -> TLSConfiguration {
        var context = TLSConfiguration.makeClientConfiguration()
        if let rootCertificatePath { context.trustRoots = .file(rootCertificatePath) }
        return context
    }
}
