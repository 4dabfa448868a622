import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A typed async client of a Baton server: the Client Failover API (groups, sessions,
/// heartbeats, status, overrides, pause, history and its streams, failover tasks) and the HCX
/// HA groups API (groups, appliances, force failover, tasks, timeline).
///
/// One instance holds one connection pool; share it, and call `shutdown()` when done (or use
/// `withClient`). Every refusal the server answers is thrown as `BatonAPIError`, carrying the
/// API's `Reason` (Client Failover), `errors[].message` (HCX) or `error_description` (OAuth).
/// The operations are grouped by API area in extensions, one file each.
public final class BatonClient: Sendable {
    public let configuration: BatonClientConfiguration
    let http: HTTPClient
    let base: String
    let tokens: TokenCache
    let holdSlots = HoldSlots()

    public init(configuration: BatonClientConfiguration) throws {
        self.configuration = configuration
        var server = configuration.server
        while server.hasSuffix("/") { server.removeLast() }
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host != nil, url.path.isEmpty, url.query == nil
        else {
            throw BatonClientError.invalidConfiguration(
                "the server address '\(configuration.server)' is not of the form http(s)://host[:port]")
        }
        self.base = server
        var httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(Int64(configuration.connectTimeout / .nanoseconds(1))),
                           read: .nanoseconds(Int64(configuration.readTimeout / .nanoseconds(1)))))
        httpConfiguration.connectionPool.retryConnectionEstablishment = configuration.retriesConnecting
        httpConfiguration.tlsConfiguration = try configuration.tlsConfiguration()
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
        self.tokens = TokenCache()
    }

    /// Closes the connection pool. Streams still open end with an error.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// Runs `body` with a client, then shuts it down whatever `body` did.
    public static func withClient<Result: Sendable>(
        _ configuration: BatonClientConfiguration, _ body: (BatonClient) async throws -> Result
    ) async throws -> Result {
        let client = try BatonClient(configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    // MARK: - Paths

    /// The Client Failover base: `/api/v1` (tenant and namespace `default`) unless the
    /// configuration names a tenant or namespace.
    var clientFailoverBase: String {
        if configuration.tenant == nil && configuration.namespace == nil { return "/api/v1/clientfailover" }
        return "/api/v1/tenants/\(Self.segment(configuration.tenant ?? "default"))/namespaces/\(Self.segment(configuration.namespace ?? "default"))/clientfailover"
    }

    static let hcxBase = "/hybridity/api/interconnect"

    /// One percent-encoded path segment.
    static func segment(_ id: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }

    static func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        return "?" + items.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}

/// An answer read to the end.
struct Answer: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: Data

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try WireCoding.decoder.decode(T.self, from: body)
        } catch {
            throw BatonClientError.unreadableAnswer(
                "\(status.code) answer is not a \(T.self): \(error) — \(String(decoding: body.prefix(300), as: UTF8.self))")
        }
    }
}

extension BatonClient {
    /// The most an answer body may be (a page of 1000 groups or events stays far below it).
    static let answerLimit = 32 * 1024 * 1024

    func makeRequest(_ method: HTTPMethod, _ path: String, body: Data?, contentType: String = "application/json",
                     accept: String = "application/json", authenticated: Bool = true) async throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "User-Agent", value: "baton-client")
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if authenticated, let authorization = try await authorization() {
            request.headers.add(name: "Authorization", value: authorization)
        }
        return request
    }

    /// Sends a request and reads the whole answer; a status of 400 or more is thrown as
    /// `BatonAPIError` (read in whichever of the APIs' error shapes the body has).
    func send(_ method: HTTPMethod, _ path: String, json body: (any Encodable)? = nil,
              timeout: Duration? = nil) async throws -> Answer {
        let data = try body.map { try WireCoding.encoder.encode($0) }
        let request = try await makeRequest(method, path, body: data)
        return try await execute(request, timeout: timeout)
    }

    func execute(_ request: HTTPClientRequest, timeout: Duration? = nil) async throws -> Answer {
        let response: HTTPClientResponse
        let limit = timeout ?? configuration.requestTimeout
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Int64(limit / .nanoseconds(1))))
        } catch {
            throw BatonClientError.transport("\(request.method.rawValue) \(request.url): \(error)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: Self.answerLimit)
        } catch {
            throw BatonClientError.transport("reading the answer to \(request.method.rawValue) \(request.url): \(error)")
        }
        let answer = Answer(status: response.status, headers: response.headers, body: Data(buffer.readableBytesView))
        if answer.status.code >= 400 {
            throw BatonAPIError(status: Int(answer.status.code), headers: answer.headers, body: answer.body)
        }
        return answer
    }

    /// Opens a request whose answer is read as it comes (a Server-Sent Events stream): a
    /// refusal is thrown at once, as for `send`.
    func open(_ path: String, headers: [(String, String)] = []) async throws -> HTTPClientResponse {
        var request = try await makeRequest(.GET, path, body: nil, accept: "text/event-stream")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Int64(configuration.requestTimeout / .nanoseconds(1))))
        } catch {
            throw BatonClientError.transport("GET \(request.url): \(error)")
        }
        if response.status.code >= 400 {
            let body = (try? await response.body.collect(upTo: 1 << 20)).map { Data($0.readableBytesView) } ?? Data()
            throw BatonAPIError(status: Int(response.status.code), headers: response.headers, body: body)
        }
        return response
    }
}
