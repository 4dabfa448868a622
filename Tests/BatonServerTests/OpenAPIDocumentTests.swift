import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import Testing
import Yams
@testable import BatonServer

/// Holds `/openapi.yaml` (Sources/BatonServer/OpenAPI/openapi.yaml) to what the server really
/// serves: the document is well formed (every `$ref` resolves, operationIds are unique, every
/// path parameter is declared), its operations expanded under their paths' `servers` are
/// exactly the routes Hummingbird holds and each reaches a handler, every undocumented method
/// is a 405, the served bytes are the file's, and every answer schema names exactly the
/// properties real answers carry.
@Suite struct OpenAPIDocumentTests {
    /// The document the server serves.
    static func tree() throws -> OpenAPITree {
        try OpenAPITree(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
    }

    /// The file the binary embeds, read from the source tree.
    static var sourceFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/BatonServer/OpenAPI/openapi.yaml")
    }

    @Test func theDocumentIsWellFormed() throws {
        let tree = try Self.tree()
        #expect(OpenAPITree.child(tree.root, "openapi")?.string == "3.1.0")
        #expect(!tree.operations.isEmpty)

        let dangling = tree.references().filter { tree.resolved($0.ref) == nil }
        #expect(dangling.isEmpty, "dangling $ref:\n\(dangling.map { "\($0.at): \($0.ref)" }.joined(separator: "\n"))")

        // operationIds: present, and unique over the operations as written (each once).
        var byID: [String: [String]] = [:]
        for operation in Set(tree.operations.map { OperationSite(id: $0.id, pointer: $0.pointer) }) {
            byID[operation.id, default: []].append(operation.pointer)
        }
        let missing = byID[""] ?? []
        #expect(missing.isEmpty, "operations without an operationId: \(missing.sorted())")
        let duplicated = byID.filter { !$0.key.isEmpty && $0.value.count > 1 }.map { "\($0.key): \($0.value.sorted())" }
        #expect(duplicated.isEmpty, "duplicate operationIds:\n\(duplicated.sorted().joined(separator: "\n"))")

        // Every `{name}` of a server URL is a variable with a default and a path parameter of
        // that name in components; every `{name}` of an expanded path is declared.
        for problem in tree.undeclaredParameters() {
            Issue.record("\(problem)")
        }
    }

    /// The web dashboard's pages (`UIController`): HTML, CSS and JavaScript for people, not
    /// an API, so they are not in the document (which describes JSON operations and is what the
    /// contract fuzzer runs on); they are expected here instead, exactly.
    static let dashboardRoutes: Set<String> = ["GET /ui", "GET /ui/{file}"]

    /// YAML 1.1 reads a plain `OFF`, `ON`, `YES`, `NO` as a boolean: an `enum` of a string
    /// schema written so would list `false`, and schemathesis would refuse the answers. Read
    /// from the source file (the served bytes are the file's, above).
    @Test func everyEnumValueOfAStringSchemaIsAString() throws {
        let tree = try OpenAPITree(String(contentsOf: Self.sourceFile, encoding: .utf8))
        var wrong: [String] = []
        func walk(_ node: Node, _ pointer: String) {
            if let mapping = node.mapping {
                if OpenAPITree.child(node, "type")?.string == "string", let values = OpenAPITree.child(node, "enum")?.sequence {
                    for value in values where value.tag.rawValue != Tag.Name.str.rawValue {
                        wrong.append("\(pointer)/enum: \(value.string ?? "?") is read as \(value.tag.rawValue)")
                    }
                }
                for (key, child) in mapping { walk(child, pointer + "/" + (key.string ?? "?")) }
            } else if let sequence = node.sequence {
                for (index, child) in sequence.enumerated() { walk(child, "\(pointer)/\(index)") }
            }
        }
        walk(tree.root, "")
        #expect(wrong.isEmpty, "quote these values: \(wrong)")
    }

    @Test func theDocumentAndTheRegisteredRoutesAreTheSame() async throws {
        let documented = Set(try Self.tree().operations.map(\.route))
        #expect(documented.isDisjoint(with: Self.dashboardRoutes))
        let baton = TestBaton()
        defer { baton.removeFiles() }
        var registered = try await baton.run { client in Set(client.runtime.routes.routes) }

        #expect(!registered.isEmpty)
        let dashboard = registered.filter { $0.split(separator: " ").last.map { $0 == "/ui" || $0.hasPrefix("/ui/") } ?? false }
        #expect(dashboard == Self.dashboardRoutes, "the dashboard's routes: \(dashboard.sorted())")
        registered.subtract(Self.dashboardRoutes)
        let undocumented = registered.subtracting(documented).sorted()
        let unserved = documented.subtracting(registered).sorted()
        #expect(undocumented.isEmpty, "registered but not in openapi.yaml:\n\(undocumented.joined(separator: "\n"))")
        #expect(unserved.isEmpty, "in openapi.yaml but not registered:\n\(unserved.joined(separator: "\n"))")
    }

    @Test func everyDocumentedOperationReachesAHandler() async throws {
        let tree = try Self.tree()
        // A stream never ends on its own: its handlers are reached by the stream tests instead.
        let documented = Set(tree.operations.filter { !tree.streams($0) }.map(\.route)).sorted()
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
        for operation in try Self.tree().operations {
            byPath[operation.path, default: []].insert(operation.method)
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

    /// The served bytes are openapi.yaml's, as the source tree has it.
    @Test func theServedDocumentIsTheFile() async throws {
        let file = try [UInt8](Data(contentsOf: Self.sourceFile))
        #expect(!file.isEmpty)
        let embedded = OpenAPIDocument.bytes == file
        #expect(embedded, "the embedded document (\(OpenAPIDocument.bytes.count) bytes) differs from \(Self.sourceFile.path) (\(file.count) bytes): rebuild")
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let reply = try await client.send(.get, "/openapi.yaml")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("application/yaml") == true)
            let served = Array(reply.text.utf8) == file
            #expect(served, "served \(reply.text.utf8.count) bytes, not the file's \(file.count)")
        }
    }

    /// Every schema of a 2xx JSON answer names exactly the properties real answers carry, at
    /// every depth: a property an answer writes that the schema lacks fails, and so does one the
    /// schema names that no answer writes. The written keys come from real answers of a
    /// secured server, on every base, to a run that reaches every operation with a JSON answer
    /// (each documented 2xx status at least once: the test fails on one it did not reach).
    @Test func everyAnswerSchemaNamesExactlyThePropertiesAnswersCarry() async throws {
        let tree = try Self.tree()
        let exchanges = try await Self.answersToEveryOperation()

        var written: [String: Set<String>] = [:]
        var reached: Set<String> = []
        var unmatched: [String] = []
        for exchange in exchanges where exchange.reply.status.kind == .successful {
            guard let operation = tree.operation(exchange.method.rawValue, exchange.uri) else {
                unmatched.append("\(exchange.method) \(exchange.uri)")
                continue
            }
            guard let schema = tree.answerSchema(operation, status: exchange.reply.status.code) else { continue }
            reached.insert("\(operation.id) \(exchange.reply.status.code)")
            let body = try exchange.reply.json
            tree.record(body, at: schema, into: &written)
        }
        #expect(unmatched.isEmpty, "answers to undocumented requests: \(unmatched)")

        // Every operation and documented 2xx status with a JSON answer was reached.
        var declared: Set<String> = []
        var unreached: [String] = []
        for operation in Set(tree.operations.map { OperationSite(id: $0.id, pointer: $0.pointer) }) {
            for (status, schema) in tree.answerSchemas(operation.pointer) {
                tree.objectSchemas(from: schema, into: &declared)
                if !reached.contains("\(operation.id) \(status)") { unreached.append("\(operation.id) \(status)") }
            }
        }
        let refused = exchanges.filter { $0.reply.status.kind != .successful }
            .map { "\($0.method) \($0.uri): \($0.reply.status.code) \($0.reply.text)" }
        #expect(unreached.isEmpty, "no answer of \(unreached.sorted()); refused: \(refused)")

        // Both directions, for every object schema an answer can reach.
        for location in declared.sorted() {
            let properties = Set(tree.properties(of: location).keys)
            guard let keys = written[location] else {
                Issue.record("\(location): no answer wrote this object (properties \(properties.sorted()))")
                continue
            }
            let undocumented = keys.subtracting(properties).sorted()
            let unwritten = properties.subtracting(keys).sorted()
            #expect(undocumented.isEmpty, "\(location): answers write \(undocumented), which the schema lacks")
            #expect(unwritten.isEmpty, "\(location): the schema names \(unwritten), which no answer writes")
        }
        #expect(!declared.isEmpty)
    }

    struct Exchange: Sendable {
        let method: HTTPRequest.Method
        let uri: String
        let reply: TestBaton.Reply
    }

    /// A run over every operation with a JSON answer, on every base, with authentication
    /// required (so tokens and HCX sessions are issued): every request and its answer.
    static func answersToEveryOperation() async throws -> [Exchange] {
        let baton = TestBaton.secured()
        defer { baton.removeFiles() }
        try baton.addPrincipal(.user, "admin", tenant: "default", role: .admin, secret: "pw-admin")
        try baton.addPrincipal(.client, "c1", tenant: "default", role: .member, secret: "client-secret")
        return try await baton.run { client in
            var exchanges: [Exchange] = []
            @discardableResult
            func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as credentials: Credentials? = nil,
                      contentType: String = "application/json") async throws -> TestBaton.Reply {
                let reply = try await client.send(method, uri, body, as: credentials ?? .basic(user: "admin", password: "pw-admin"),
                                                  contentType: contentType)
                exchanges.append(Exchange(method: method, uri: uri, reply: reply))
                return reply
            }

            try await call(.get, "/health", as: Credentials.none)
            try await call(.get, "/livez", as: Credentials.none)
            try await call(.get, "/readyz", as: Credentials.none)
            try await call(.post, "/identity/connect/token", "grant_type=client_credentials&client_id=c1&client_secret=client-secret",
                           as: Credentials.none, contentType: "application/x-www-form-urlencoded")
            try await call(.post, "/hybridity/api/sessions", #"{"username":"admin","password":"pw-admin"}"#, as: Credentials.none)

            let acl = #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":3,"ObjectId":"reader","TenantId":"default"},"AccessType":0,"AccessRights":15}]}"#
            for base in ["/api/v1/tenants/default/namespaces/n1", "/api/v1-preview/tenants/default/namespaces/n2", "/api/v1"] {
                let api = base + "/clientfailover"
                try await call(.get, api)
                let group = #"{"Id":"g","Name":"G","Description":"d","FailoverTimeout":"00:00:10","AdditionalData":{"k":1}}"#
                try await call(.post, api + "/groups", group)
                try await call(.post, api + "/groups", group)
                try await call(.put, api + "/groups/h", #"{"FailoverTimeout":"00:00:10"}"#)
                try await call(.put, api + "/groups/h", #"{"FailoverTimeout":"00:00:10"}"#)
                try await call(.get, api + "/groups")
                try await call(.get, api + "/groups/g")
                let sessions = api + "/groups/g/clientsessions"
                try await call(.post, sessions, #"{"Id":"a","Name":"A","AdditionalData":[1]}"#)
                try await call(.post, sessions, #"{"Id":"a","Name":"A","AdditionalData":[1]}"#)
                try await call(.post, sessions, #"{"Id":"b"}"#)
                try await call(.post, sessions, #"{"Id":"spare"}"#)
                try await call(.post, sessions + "/a/heartbeat", #"{"FailoverScore":100,"LastDataProcessedTime":"2027-01-15T07:59:00Z"}"#)
                try await call(.post, sessions + "/b/heartbeat", #"{"FailoverScore":90}"#)
                try await call(.get, sessions)
                try await call(.get, sessions + "/a")
                try await call(.get, api + "/groups/g/status")
                try await call(.get, sessions + "/a/primary")
                try await call(.post, api + "/groups/g/pause", #"{"Reason":"window"}"#)
                try await call(.post, api + "/groups/g/resume")
                try await call(.get, api + "/groups/g/events?after=1&wait=0s")
                // A scheduled failover, cancelled while queued; then one at once.
                let queued = try await call(.post, api + "/groups/g/failover", #"{"ScheduledTime":"2027-02-01T00:00:00Z","Reason":"window"}"#)
                let queuedID = (try? queued.string("Id")) ?? "none"
                try await call(.get, api + "/tasks/" + queuedID)
                try await call(.delete, api + "/tasks/" + queuedID)
                let now = try await call(.post, api + "/groups/g/failover", #"{"TargetSessionId":"b"}"#)
                try await call(.get, api + "/tasks/" + ((try? now.string("Id")) ?? "none"))
                try await call(.post, sessions + "/spare/roleoverride", #"{"Value":"Secondary","ExpirationPeriod":"00:10:00"}"#)
                try await call(.get, api + "/groups/g/events?count=1000")
                try await call(.put, api + "/groups/g/accesscontrol", acl)
                try await call(.get, api + "/groups/g/accesscontrol")
                try await call(.put, base + "/accesscontrol/clientfailover/groups", acl)
                try await call(.get, base + "/accesscontrol/clientfailover/groups")
                try await call(.delete, sessions + "/spare")
                try await call(.delete, api + "/groups/h")
            }

            let hcx = "/hybridity/api/interconnect"
            for appliance in ["a1", "a2", "a3", "a4"] {
                try await call(.post, hcx + "/appliances",
                               #"{"applianceId":"\#(appliance)","applianceName":"NE \#(appliance)","applianceType":"HCX-NET-EXT","peerApplianceId":"\#(appliance)-peer","peerApplianceName":"NE \#(appliance) peer","serviceMeshId":"mesh-1"}"#)
            }
            try await call(.post, hcx + "/appliances", #"{"applianceId":"a1","applianceName":"NE a1","applianceType":"HCX-NET-EXT","peerApplianceId":"a1-peer","peerApplianceName":"NE a1 peer","serviceMeshId":"mesh-1"}"#)
            try await call(.get, hcx + "/appliances")
            try await call(.delete, hcx + "/appliances/a4")
            // A group to delete: `hg` stays busy with its failover.
            try await call(.post, hcx + "/appliances/ha/groups", #"{"groupId":"gone","appliances":["a3"],"serviceMeshId":"mesh-1"}"#)
            try await call(.delete, hcx + "/appliances/ha/groups/gone")
            try await call(.post, hcx + "/appliances/ha/groups",
                           #"{"groupId":"hg","name":"Group hg","appliances":["a1","a2"],"policyInfo":{"policy":"NONE"},"serviceMeshId":"mesh-1","failoverTimeout":"00:00:10"}"#)
            try await call(.post, hcx + "/appliances/a1/heartbeat", #"{"score":100}"#)
            try await call(.post, hcx + "/appliances/a2/heartbeat", #"{"score":90}"#)
            try await call(.get, hcx + "/appliances/a1")
            try await call(.get, hcx + "/appliances/a1/active")
            try await call(.get, hcx + "/appliances/ha/groups")
            try await call(.get, hcx + "/appliances/ha/groups/hg")
            let failover = try await call(.post, hcx + "/appliances/ha/groups/hg/forceFailover")
            let taskID = (try? failover.field("data"))?.string("interconnectTaskId") ?? "none"
            try await call(.get, hcx + "/tasks")
            try await call(.get, hcx + "/tasks/" + taskID)
            try await call(.get, hcx + "/appliances/ha/groups/events/mesh-1")
            try await call(.post, hcx + "/appliances/ha/groups/hg/pause", #"{"reason":"window"}"#)
            try await call(.post, hcx + "/appliances/ha/groups/hg/resume")
            try await call(.post, hcx + "/appliances/ha/groups/hg/appliances/a1/roleOverride", #"{"value":"STANDBY","expirationPeriod":"00:10:00"}"#)
            try await call(.get, hcx + "/appliances/ha/groups/hg/events?offset=0&pageSize=1000")
            return exchanges
        }
    }
}

/// One operation as the document writes it.
struct OperationSite: Hashable {
    let id: String
    let pointer: String
}

/// The OpenAPI document read as a tree: JSON-pointer look-ups, `$ref`s followed, its
/// operations with each path expanded under its servers, and the objects its schemas describe.
struct OpenAPITree {
    let root: Node

    init(_ text: String) throws {
        root = try #require(try Yams.compose(yaml: text), "the document is empty")
    }

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
    static let combinators = ["allOf", "anyOf", "oneOf"]

    static func child(_ node: Node?, _ key: String) -> Node? {
        node?.mapping?.first { $0.key.string == key }?.value
    }

    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The node a local JSON pointer (`#/components/schemas/X`) names, or nil.
    func node(at pointer: String) -> Node? {
        if pointer == "#" { return root }
        guard pointer.hasPrefix("#/") else { return nil }
        var node = root
        for raw in pointer.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let sequence = node.sequence {
                guard let index = Int(key), index >= 0, index < sequence.count else { return nil }
                node = sequence[index]
            } else if let next = Self.child(node, key) {
                node = next
            } else {
                return nil
            }
        }
        return node
    }

    /// `pointer` with every `$ref` on the way followed; nil when one dangles.
    func resolved(_ pointer: String) -> String? {
        var pointer = pointer
        var seen: Set<String> = []
        while let found = node(at: pointer) {
            guard let ref = Self.child(found, "$ref")?.string else { return pointer }
            guard seen.insert(pointer).inserted else { return nil }
            pointer = ref
        }
        return nil
    }

    /// Every `$ref` of the document, with the pointer of the object holding it.
    func references() -> [(at: String, ref: String)] {
        var found: [(at: String, ref: String)] = []
        func walk(_ node: Node, _ pointer: String) {
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    let name = key.string ?? ""
                    if name == "$ref" { found.append((pointer, value.string ?? "")) }
                    walk(value, pointer + "/" + Self.escape(name))
                }
            } else if let sequence = node.sequence {
                for (index, value) in sequence.enumerated() { walk(value, pointer + "/\(index)") }
            }
        }
        walk(root, "#")
        return found
    }

    // MARK: Operations

    struct Operation: Hashable {
        /// `GET`.
        let method: String
        /// The path under one of its servers, e.g. `/api/v1/clientfailover/groups/{groupId}`.
        let path: String
        let id: String
        /// Where the operation is written, e.g. `#/paths/~1clientfailover~1groups/get`.
        let pointer: String
        /// `METHOD /path/{param}`, as the route table lists routes.
        var route: String { "\(method) \(path)" }
    }

    /// The servers that apply to a node (`servers` of an operation, else its path, else the
    /// document's).
    func servers(_ node: Node?) -> [Node]? {
        Self.child(node, "servers")?.sequence.map { Array($0) }
    }

    /// The path part of a server URL: `http://127.0.0.1:5590` → ``, `/api/v1` → `/api/v1`.
    static func basePath(_ url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        return String(rest.hasSuffix("/") ? rest.dropLast() : rest)
    }

    /// The path items with their pointers, in document order.
    var pathItems: [(path: String, pointer: String, item: Node)] {
        (Self.child(root, "paths")?.mapping ?? [:]).map { key, item in
            let path = key.string ?? "?"
            return (path, "#/paths/" + Self.escape(path), item)
        }
    }

    /// Every operation, once per server of its path: what a client can call.
    var operations: [Operation] {
        let top = servers(root) ?? []
        var result: [Operation] = []
        for (path, pointer, item) in pathItems {
            for method in Self.methods {
                guard let operation = Self.child(item, method) else { continue }
                let bases = (servers(operation) ?? servers(item) ?? top).map { Self.basePath(Self.child($0, "url")?.string ?? "") }
                for base in bases.isEmpty ? [""] : bases {
                    var full = base + path
                    if full.count > 1, full.hasSuffix("/") { full.removeLast() }
                    result.append(Operation(method: method.uppercased(), path: full,
                                            id: Self.child(operation, "operationId")?.string ?? "",
                                            pointer: pointer + "/" + method))
                }
            }
        }
        return result
    }

    /// The `{name}`s of a templated path or server URL.
    static func templateNames(_ text: String) -> [String] {
        text.matches(of: #/\{([^}/]+)\}/#).map { String($0.output.1) }
    }

    /// Problems with the parameters of templated servers and paths: a server variable without
    /// a default or without a path parameter of its name in `components/parameters`, and a
    /// `{name}` of a path that neither its servers nor its parameters declare.
    func undeclaredParameters() -> [String] {
        var problems: [String] = []
        let top = servers(root) ?? []
        func pathParameterNames(_ node: Node?, at pointer: String) -> Set<String> {
            var names: Set<String> = []
            for index in 0..<(Self.child(node, "parameters")?.sequence?.count ?? 0) {
                guard let parameter = resolved("\(pointer)/parameters/\(index)").flatMap(self.node(at:)),
                      Self.child(parameter, "in")?.string == "path", let name = Self.child(parameter, "name")?.string else { continue }
                names.insert(name)
            }
            return names
        }
        for (path, pointer, item) in pathItems {
            let itemNames = pathParameterNames(item, at: pointer)
            for method in Self.methods {
                guard let operation = Self.child(item, method) else { continue }
                let names = itemNames.union(pathParameterNames(operation, at: pointer + "/" + method))
                for server in servers(operation) ?? servers(item) ?? top {
                    let url = Self.child(server, "url")?.string ?? ""
                    let variables = Self.child(server, "variables")
                    for name in Self.templateNames(url) {
                        if Self.child(Self.child(variables, name), "default") == nil {
                            problems.append("\(pointer): server \(url): variable \(name) has no default")
                        }
                        let parameter = resolved("#/components/parameters/" + Self.escape(name)).flatMap(node(at:))
                        if Self.child(parameter, "in")?.string != "path" || Self.child(parameter, "name")?.string != name {
                            problems.append("\(pointer): server \(url): no path parameter #/components/parameters/\(name)")
                        }
                    }
                    for name in Self.templateNames(path) where !names.contains(name) {
                        problems.append("\(pointer)/\(method): {\(name)} is not a declared path parameter")
                    }
                    if !url.hasPrefix("/") && !url.contains("://") {
                        problems.append("\(pointer): server \(url) is neither absolute nor rooted")
                    }
                }
            }
        }
        return problems
    }

    /// The documented operation a concrete request is for: the one whose expanded path
    /// matches it with the most literal segments.
    func operation(_ method: String, _ uri: String) -> Operation? {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        let segments = path.split(separator: "/")
        var best: (operation: Operation, literals: Int)?
        for operation in operations where operation.method == method {
            let pattern = operation.path.split(separator: "/")
            guard pattern.count == segments.count else { continue }
            var literals = 0
            let matches = zip(pattern, segments).allSatisfy { expected, actual in
                if expected.hasPrefix("{") { return true }
                literals += 1
                return expected == actual
            }
            if matches, literals > (best?.literals ?? -1) { best = (operation, literals) }
        }
        return best?.operation
    }

    // MARK: Answer schemas

    /// The schema pointer of each 2xx status of an operation with a JSON answer.
    func answerSchemas(_ operationPointer: String) -> [(status: Int, schema: String)] {
        guard let responses = Self.child(node(at: operationPointer), "responses")?.mapping else { return [] }
        return responses.compactMap { key, _ in
            guard let code = key.string.flatMap(Int.init), (200..<300).contains(code),
                  let schema = answerSchema(operationPointer, status: code) else { return nil }
            return (code, schema)
        }
    }

    /// Whether the operation's success answer is a Server-Sent Events stream.
    func streams(_ operation: Operation) -> Bool {
        guard let response = resolved("\(operation.pointer)/responses/200") else { return false }
        return node(at: response + "/content/text~1event-stream") != nil
    }

    func answerSchema(_ operation: Operation, status: Int) -> String? {
        answerSchema(operation.pointer, status: status)
    }

    private func answerSchema(_ operationPointer: String, status: Int) -> String? {
        guard let response = resolved("\(operationPointer)/responses/\(status)") else { return nil }
        let schema = response + "/content/application~1json/schema"
        return node(at: schema) == nil ? nil : schema
    }

    /// The properties an object at `pointer` may carry: its schema's and those of every
    /// `allOf`/`anyOf`/`oneOf` member, each with the pointer of its schema. Empty for a schema
    /// that names none (a scalar, an array, or any JSON value).
    func properties(of pointer: String, depth: Int = 0) -> [String: String] {
        guard depth < 32, let pointer = resolved(pointer), let node = node(at: pointer) else { return [:] }
        var result: [String: String] = [:]
        for (key, _) in Self.child(node, "properties")?.mapping ?? [:] {
            let name = key.string ?? ""
            result[name] = pointer + "/properties/" + Self.escape(name)
        }
        for combinator in Self.combinators {
            for index in 0..<(Self.child(node, combinator)?.sequence?.count ?? 0) {
                for (name, schema) in properties(of: "\(pointer)/\(combinator)/\(index)", depth: depth + 1) where result[name] == nil {
                    result[name] = schema
                }
            }
        }
        return result
    }

    /// The schema of the elements of an array at `pointer`, if it has one.
    func items(of pointer: String, depth: Int = 0) -> String? {
        guard depth < 32, let pointer = resolved(pointer), let node = node(at: pointer) else { return nil }
        if Self.child(node, "items") != nil { return pointer + "/items" }
        for combinator in Self.combinators {
            for index in 0..<(Self.child(node, combinator)?.sequence?.count ?? 0) {
                if let items = items(of: "\(pointer)/\(combinator)/\(index)", depth: depth + 1) { return items }
            }
        }
        return nil
    }

    /// Every object schema (one that names properties) reachable from `pointer` through
    /// properties and array elements, by its resolved pointer.
    func objectSchemas(from pointer: String, into found: inout Set<String>, depth: Int = 0) {
        guard depth < 32, let pointer = resolved(pointer) else { return }
        let properties = properties(of: pointer)
        if !properties.isEmpty {
            guard found.insert(pointer).inserted else { return }
        }
        for schema in properties.values { objectSchemas(from: schema, into: &found, depth: depth + 1) }
        if let items = items(of: pointer) { objectSchemas(from: items, into: &found, depth: depth + 1) }
    }

    /// Adds the keys of every object in `value` to the object schema that describes it.
    func record(_ value: JSONValue, at pointer: String, into written: inout [String: Set<String>]) {
        guard let pointer = resolved(pointer) else { return }
        switch value {
        case .object(let members):
            let properties = properties(of: pointer)
            guard !properties.isEmpty else { return }  // any JSON value
            written[pointer, default: []].formUnion(members.keys)
            for (key, member) in members {
                if let schema = properties[key] { record(member, at: schema, into: &written) }
            }
        case .array(let elements):
            guard let items = items(of: pointer) else { return }
            for element in elements { record(element, at: items, into: &written) }
        default:
            break
        }
    }
}
