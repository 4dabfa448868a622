import BatonCore
import Foundation
import HTTPTypes
import Testing
import Yams
@testable import BatonServer

/// Holds `/openapi.yaml` to what the server really serves: every registered route is
/// documented, every documented operation is registered and reaches a handler, and the
/// served text is the document.
@Suite struct OpenAPIDocumentTests {
    private static let operationKeys: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// Every operation the document describes, as `METHOD /path/{param}` (the form
    /// `RouteTable` lists routes, from Hummingbird's own `Router.routes`).
    private static func documentedOperations() throws -> Set<String> {
        guard let root = try Yams.compose(yaml: OpenAPIDocument.yaml) else {
            Issue.record("OpenAPIDocument.yaml is empty")
            return []
        }
        #expect(root["openapi"]?.string == "3.1.0")
        guard let paths = root["paths"]?.mapping else {
            Issue.record("OpenAPIDocument.yaml has no paths mapping")
            return []
        }
        var operations: Set<String> = []
        for (pathNode, itemNode) in paths {
            guard let path = pathNode.string, let item = itemNode.mapping else {
                Issue.record("path item \(pathNode) is not a mapping")
                continue
            }
            for (keyNode, _) in item {
                guard let key = keyNode.string, operationKeys.contains(key) else { continue }
                operations.insert("\(key.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func theDocumentAndTheRegisteredRoutesAreTheSame() async throws {
        let documented = try Self.documentedOperations()
        let baton = TestBaton()
        defer { baton.removeFiles() }
        let registered = try await baton.run { client in Set(client.runtime.routes.routes) }

        #expect(!registered.isEmpty)
        let undocumented = registered.subtracting(documented).sorted()
        let unserved = documented.subtracting(registered).sorted()
        #expect(undocumented.isEmpty, "registered but not in OpenAPIDocument.yaml:\n\(undocumented.joined(separator: "\n"))")
        #expect(unserved.isEmpty, "in OpenAPIDocument.yaml but not registered:\n\(unserved.joined(separator: "\n"))")
    }

    @Test func everyDocumentedOperationReachesAHandler() async throws {
        let documented = try Self.documentedOperations().sorted()
        #expect(!documented.isEmpty)
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            for operation in documented {
                let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
                let method = try #require(HTTPRequest.Method(parts[0]), "unknown method in \(operation)")
                // Every path parameter gets a dummy value.
                let uri = parts[1].replacing(#/\{[^}/]+\}/#, with: "x")
                let body: String? = method == .post || method == .put ? "{}" : nil
                let reply = try await client.send(method, uri, body)
                let error = (try? reply.json)?[caseInsensitive: "Error"]?.stringValue
                let routerMiss = reply.status == .notFound && error == "No such route."
                #expect(!routerMiss, "\(operation) is documented but \(method) \(uri) matched no route")
            }
        }
    }

    /// Every method a documented path does not document is a 405 whose `Allow` lists exactly
    /// the methods the document gives that path.
    @Test func everyUndocumentedMethodOfADocumentedPathIs405WithAllow() async throws {
        var byPath: [String: Set<String>] = [:]
        for operation in try Self.documentedOperations() {
            let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
            byPath[parts[1], default: []].insert(parts[0])
        }
        #expect(!byPath.isEmpty)
        let paths = byPath.sorted { $0.key < $1.key }
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            for (path, documented) in paths {
                let uri = path.replacing(#/\{[^}/]+\}/#, with: "x")
                for method in [HTTPRequest.Method.get, .put, .post, .delete, .patch, .options] where !documented.contains(method.rawValue) {
                    let reply = try await client.send(method, uri, method == .get || method == .options ? nil : "{}")
                    #expect(reply.status == .methodNotAllowed, "\(method.rawValue) \(uri): \(reply.status) \(reply.text)")
                    let allowed = Set((reply.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                    #expect(allowed == documented, "\(method.rawValue) \(uri): Allow \(reply.headers[.allow] ?? "none")")
                }
            }
        }
    }

    @Test func theServedDocumentIsThisDocument() async throws {
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let reply = try await client.send(.get, "/openapi.yaml")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(reply.text == OpenAPIDocument.yaml)
        }
    }
}
