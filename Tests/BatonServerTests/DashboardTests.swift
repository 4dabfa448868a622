import BatonJSON
@testable import BatonServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The web dashboard's files at `/ui` and their security headers; the refusal of
/// cross-site requests that change something (docs/security.md). The pages themselves are
/// tested in a real browser by scripts/browser.sh.
@Suite("Dashboard")
struct DashboardTests {
    static let assetsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/BatonServer/UI/Assets")

    @Test("/ui and every file under it are the files of the source tree, with their types and security headers")
    func servesTheFilesWithSecurityHeaders() async throws {
        let baton = TestBaton()
        defer { baton.removeFiles() }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.assetsDirectory.path).sorted()
        #expect(names == UIController<BatonRequestContext>.assets.keys.sorted(), "every file in UI/Assets is served, and nothing else")
        try await baton.run { client in
            for (uri, name) in [("/ui", "index.html")] + names.map { ("/ui/\($0)", $0) } {
                let reply = try await client.send(.get, uri)
                #expect(reply.status == .ok, "\(uri): \(reply.status)")
                let file = try String(contentsOf: Self.assetsDirectory.appendingPathComponent(name), encoding: .utf8)
                #expect(reply.text == file, "\(uri) is not \(name) as the source tree has it: rebuild")
                let type = reply.headers[.contentType] ?? ""
                let expected = name.hasSuffix(".html") ? "text/html" : name.hasSuffix(".css") ? "text/css" : "text/javascript"
                #expect(type.hasPrefix(expected), "\(uri): Content-Type \(type)")
                let policy = reply.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'"), "\(uri): \(policy)")
                #expect(policy.contains("frame-ancestors 'none'"), "\(uri): \(policy)")
                #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "\(uri): \(policy)")
                #expect(reply.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(reply.headers[.xFrameOptions] == "DENY", "\(uri)")
            }
        }
    }

    @Test("a file the dashboard does not have is a 404 ErrorResponse; other methods are 405")
    func unknownFiles() async throws {
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            try await client.send(.get, "/ui/nothing.js").expectErrorResponse(.notFound)
            try await client.send(.get, "/ui/..%2Fopenapi.yaml").expectErrorResponse(.notFound)
            let post = try await client.send(.post, "/ui", "{}")
            try post.expectErrorResponse(.methodNotAllowed)
            #expect(post.headers[.allow] == "GET")
        }
    }

    /// The policy forbids inline script and style, so the page must not need them: every
    /// script is a file of its own and no element carries a style attribute or a handler.
    @Test("the page has no inline script, style or event handler")
    func noInlineCode() throws {
        let html = try String(contentsOf: Self.assetsDirectory.appendingPathComponent("index.html"), encoding: .utf8)
        let scripts = html.matches(of: #/<script\b[^>]*>/#).map { String($0.output) }
        #expect(!scripts.isEmpty)
        for tag in scripts { #expect(tag.contains("src=\"/ui/"), "inline script: \(tag)") }
        #expect(!html.contains("<style"), "inline style element")
        #expect(html.firstMatch(of: #/\sstyle=/#) == nil, "style attribute")
        #expect(html.firstMatch(of: #/\son[a-z]+=/#) == nil, "inline event handler")
        #expect(!html.contains("javascript:"), "javascript: URL")
    }

    // MARK: Cross-site requests

    static let group = "/api/v1/clientfailover/groups/g"

    func send(_ client: TestBaton.Client, _ method: HTTPRequest.Method, _ uri: String, _ headers: HTTPFields,
              body: String? = "{}") async throws -> TestBaton.Reply {
        var fields = headers
        if body != nil { fields[.contentType] = "text/plain" }
        let response = try await client.client.execute(uri: uri, method: method, headers: fields,
                                                         body: body.map { ByteBuffer(string: $0) })
        return TestBaton.Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    @Test("a change a browser says another site made is refused with 403, and nothing changes",
          arguments: [
              [HTTPField(name: .secFetchSite, value: "cross-site")],
              [HTTPField(name: .secFetchSite, value: "same-site")],
              // The test client's requests have the authority (Host) `localhost`.
              [HTTPField(name: .origin, value: "http://evil.example")],
              [HTTPField(name: .origin, value: "http://localhost:5591")],
              [HTTPField(name: .origin, value: "null")],
          ])
    func crossSiteChangesAreRefused(_ browserHeaders: [HTTPField]) async throws {
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            try await client.send(.post, "/api/v1/clientfailover/groups", groupBody("g"))
            let headers = HTTPFields(browserHeaders)
            let pause = try await send(client, .post, Self.group + "/pause", headers, body: #"{"Reason":"forged"}"#)
            try pause.expectErrorResponse(.forbidden)
            #expect(try pause.field("Code")?.stringValue == "CrossSiteRequest")
            let status = try await client.send(.get, Self.group + "/status")
            #expect(try status.field("Paused") == .bool(false), "the forged pause went through: \(status.text)")
            // Also with the cloud prefix and on the HCX API (403 without a body there).
            let cloud = try await send(client, .post, "/api/v1/tenants/default/namespaces/default/clientfailover/groups/g/pause", headers)
            #expect(cloud.status == .forbidden)
            let hcx = try await send(client, .post, "/hybridity/api/interconnect/appliances", headers,
                                     body: #"{"applianceId":"x","serviceMeshId":"m"}"#)
            #expect(hcx.status == .forbidden && hcx.text.isEmpty, "\(hcx.status) \(hcx.text)")
            // The dashboard's HA group actions (Baton's HCX extensions) likewise.
            try await client.send(.post, "/hybridity/api/interconnect/appliances", #"{"applianceId":"ha-x","serviceMeshId":"m"}"#)
            try await client.send(.post, "/hybridity/api/interconnect/appliances/ha/groups", #"{"groupId":"hg","appliances":["ha-x"]}"#)
            let haPause = try await send(client, .post, "/hybridity/api/interconnect/appliances/ha/groups/hg/pause", headers,
                                         body: #"{"reason":"forged"}"#)
            #expect(haPause.status == .forbidden && haPause.text.isEmpty, "\(haPause.status) \(haPause.text)")
            let haGroup = try await client.send(.get, "/hybridity/api/interconnect/appliances/ha/groups/hg")
            #expect(try haGroup.field("pause") == .null, "the forged pause went through: \(haGroup.text)")
            // Reading is not refused: the same-origin policy keeps another site from reading it.
            let read = try await send(client, .get, Self.group + "/status", headers, body: nil)
            #expect(read.status == .ok)
        }
    }

    @Test("the dashboard's own requests, and programs that send no browser headers, are served",
          arguments: [
              [],
              [HTTPField(name: .secFetchSite, value: "same-origin")],
              [HTTPField(name: .secFetchSite, value: "none")],
              // The test client's requests have the authority (Host) `localhost`.
              [HTTPField(name: .origin, value: "http://localhost")],
              [HTTPField(name: .origin, value: "https://LocalHost:443")],
          ])
    func sameOriginChangesAreServed(_ browserHeaders: [HTTPField]) async throws {
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            try await client.send(.post, "/api/v1/clientfailover/groups", groupBody("g"))
            let pause = try await send(client, .post, Self.group + "/pause", HTTPFields(browserHeaders))
            #expect(pause.status == .ok, "\(pause.text)")
            #expect(try pause.field("Paused") == .bool(true))
        }
    }

    @Test("an Origin's host and port as the Host header writes them")
    func originHostAndPort() {
        typealias M = CrossSiteRequests
        #expect(M.hostAndPort(ofOrigin: "http://127.0.0.1:5590") == "127.0.0.1:5590")
        #expect(M.hostAndPort(ofOrigin: "http://Baton.example:80") == "baton.example")
        #expect(M.hostAndPort(ofOrigin: "https://baton.example:443") == "baton.example")
        #expect(M.hostAndPort(ofOrigin: "https://baton.example:8443") == "baton.example:8443")
        #expect(M.hostAndPort(ofOrigin: "null") == nil)
        #expect(M.hostAndPort(ofOrigin: "file://") == nil)
        #expect(M.hostAndPort(ofOrigin: "http://a/b") == nil)
    }
}
