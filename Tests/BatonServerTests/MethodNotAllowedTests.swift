import BatonCore
import Foundation
import HTTPTypes
import Testing

/// A known path asked with a method it does not serve is a 405 with `Allow` listing the
/// methods it does serve, in the body of the path's API; an unknown path stays a 404.
@Suite struct MethodNotAllowedTests {
    @Test(arguments: APIPrefix.allCases)
    func clientFailoverPathsAnswer405WithAllow(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            try await client.register(prefix, "g", "s")
            let requests: [(HTTPRequest.Method, String, String)] = [
                (.delete, prefix.groups, "GET, POST"),
                (.post, prefix.group("g"), "GET, PUT, DELETE"),
                (.patch, prefix.group("g"), "GET, PUT, DELETE"),
                (.post, prefix.status("g"), "GET"),
                (.put, prefix.sessions("g"), "GET, POST"),
                (.get, prefix.heartbeat("g", "s"), "POST"),
                (.put, prefix.session("g", "s"), "GET, DELETE"),
                (.options, prefix.groups, "GET, POST"),
                // Paths match case-insensitively, and so does the 405.
                (.delete, prefix.groups.uppercased(), "GET, POST"),
                (.post, "/health", "GET"),
                (.get, "/identity/connect/token", "POST"),
            ]
            for (method, uri, allow) in requests {
                let reply = try await client.send(method, uri, method == .post || method == .put ? "{}" : nil)
                try reply.expectErrorResponse(.methodNotAllowed)
                #expect(reply.headers[.allow] == allow, "\(method.rawValue) \(uri): \(reply.headers)")
                #expect(try reply.string("Code") == "MethodNotAllowed", "\(method.rawValue) \(uri): \(reply.text)")
            }
            // Nothing was changed by any of them.
            #expect(try await client.send(.get, prefix.groups).ids() == ["g"])
            #expect(try await client.send(.get, prefix.sessions("g")).ids() == ["s"])
            // Unknown paths are still 404s.
            for uri in [prefix.rawValue + "/nothing", prefix.group("g") + "/nothing", "/nothing"] {
                let reply = try await client.send(.get, uri)
                try reply.expectErrorResponse(.notFound)
                #expect(try reply.string("Error") == "No such route.")
                #expect(reply.headers[.allow] == nil)
            }
        }
    }

    @Test func hcxPathsAnswer405WithAllowAndAnHCXBody() async throws {
        try await withBaton { client in
            let requests: [(HTTPRequest.Method, String, String)] = [
                (.delete, HCX.groups, "GET, POST"),
                (.put, HCX.group("g"), "GET, DELETE"),
                (.get, HCX.forceFailover("g"), "POST"),
                (.get, HCX.heartbeat("a1"), "POST"),
                (.post, HCX.appliance("a1"), "GET, DELETE"),
                (.delete, HCX.tasks, "GET"),
                (.post, HCX.timeline("mesh-1"), "GET"),
                (.get, "/hybridity/api/sessions", "POST"),
            ]
            for (method, uri, allow) in requests {
                let reply = try await client.send(method, uri, method == .post || method == .put ? "{}" : nil)
                try reply.expectHCXError(.methodNotAllowed, code: "MethodNotAllowed")
                #expect(reply.headers[.allow] == allow, "\(method.rawValue) \(uri): \(reply.headers)")
            }
        }
    }

    /// With authentication on, the 405 comes before credentials are asked for: the path and
    /// method are wrong whoever asks.
    @Test func theAnswerIs405WithoutCredentialsToo() async throws {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let reply = try await client.send(.delete, APIPrefix.onPremises.groups)
            try reply.expectErrorResponse(.methodNotAllowed)
            #expect(reply.headers[.allow] == "GET, POST")
            let hcx = try await client.send(.put, HCX.groups)
            try hcx.expectHCXError(.methodNotAllowed, code: "MethodNotAllowed")
        }
    }
}
