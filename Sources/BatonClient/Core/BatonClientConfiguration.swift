import AsyncHTTPClient
import Foundation
import NIOSSL

/// Where a `BatonClient` connects and as whom.
public struct BatonClientConfiguration: Sendable {
    /// The server's address, `http(s)://host[:port]` (no path).
    public var server: String
    public var credentials: Credentials
    /// A PEM file of the certificate authorities to trust for `https` (instead of the
    /// system's); nil trusts the system's.
    public var caFile: String?
    /// The Client Failover tenant and namespace. Both nil: the on-premises base `/api/v1`
    /// (tenant and namespace `default`).
    public var tenant: String?
    public var namespace: String?
    /// How long a request may take until its answer's head arrives (streams then stay open).
    public var requestTimeout: Duration
    /// How long to try to connect before a request fails.
    public var connectTimeout: Duration = .seconds(10)
    /// How long a connection may stay silent before it counts as dead: above the server's
    /// 15 s keep-alive on streams and the 60 s longest long poll, so only a server that went
    /// away (or a connection cut without a word) reaches it.
    public var readTimeout: Duration = .seconds(75)
    /// Whether a refused or failed connection is tried again (with backoff) until
    /// `connectTimeout`: right for a long-running member, whose coordinator may be restarting;
    /// a command line wants to hear at once that nobody listens.
    public var retriesConnecting = true

    public static let defaultServer = "http://127.0.0.1:5590"

    public init(server: String = Self.defaultServer, credentials: Credentials = .none, caFile: String? = nil,
                tenant: String? = nil, namespace: String? = nil, requestTimeout: Duration = .seconds(30)) {
        self.server = server
        self.credentials = credentials
        self.caFile = caFile
        self.tenant = tenant
        self.namespace = namespace
        self.requestTimeout = requestTimeout
    }

    func tlsConfiguration() throws -> TLSConfiguration? {
        guard let caFile else { return nil }
        guard FileManager.default.isReadableFile(atPath: caFile) else {
            throw BatonClientError.invalidConfiguration("the CA file '\(caFile)' cannot be read")
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        } catch {
            throw BatonClientError.invalidConfiguration("the CA file '\(caFile)' holds no PEM certificate: \(error)")
        }
        return tls
    }
}

/// How a client proves who it is. The server accepts each on both APIs.
public enum Credentials: Sendable {
    /// Authentication off (a loopback server), or no credentials at all.
    case none
    /// A user's name and password (HTTP Basic).
    case basic(username: String, password: String)
    /// A bearer token already obtained (`POST /identity/connect/token`).
    case bearer(String)
    /// An API client's id and secret: the client asks `POST /identity/connect/token` for a
    /// bearer token the first time one is needed, and again shortly before it expires.
    case clientCredentials(clientID: String, secret: String)
}
