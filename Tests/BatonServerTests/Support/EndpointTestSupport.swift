import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

// Helpers shared by the Client Failover endpoint tests (GroupEndpointTests,
// SessionEndpointTests, HeartbeatEndpointTests, RoleOverrideEndpointTests,
// StatusAndEventsEndpointTests, BadInputTests, FailoverOverHTTPTests).

/// The wall time a fresh `TestClock` starts at (1_800_000_000 s after 1970), as the wire writes it.
let startWallTime = "2027-01-15T08:00:00.000Z"

/// Runs `body` against a fresh Baton and removes its files afterwards.
func withBaton<Result>(
    _ setup: TestingSetup = .router,
    _ body: @Sendable (TestBaton.Client) async throws -> Result
) async throws -> Result {
    let baton = TestBaton()
    defer { baton.removeFiles() }
    return try await baton.run(setup, body)
}

/// JSON text for a string, escaped.
func json(_ text: String) -> String {
    JSONValue.string(text).jsonText
}

extension APIPrefix {
    var groups: String { rawValue + "/groups" }
    func group(_ id: String) -> String { groups + "/" + id }
    func status(_ group: String) -> String { self.group(group) + "/status" }
    func events(_ group: String) -> String { self.group(group) + "/events" }
    func sessions(_ group: String) -> String { self.group(group) + "/clientsessions" }
    func session(_ group: String, _ session: String) -> String { sessions(group) + "/" + session }
    func heartbeat(_ group: String, _ session: String) -> String { self.session(group, session) + "/heartbeat" }
    func roleOverride(_ group: String, _ session: String) -> String { self.session(group, session) + "/roleoverride" }
}

extension HTTPField.Name {
    static let testTotalCount = HTTPField.Name("Total-Count")!
    static let testOperationID = HTTPField.Name("Operation-Id")!
}

extension TestBaton.Reply {
    func number(_ name: String) throws -> Double? { try field(name)?.numberValue }
    func string(_ name: String) throws -> String? { try field(name)?.stringValue }
    /// The property is present and explicitly `null`.
    func isNull(_ name: String) throws -> Bool { try field(name) == .null }

    var totalCount: String? { headers[.testTotalCount] }

    /// The body as an array of objects.
    func objects() throws -> [JSONValue] {
        guard let array = try json.arrayValue else {
            Issue.record("expected a JSON array, got: \(text)")
            return []
        }
        return array
    }

    /// The `Id` of every object of an array body, in order.
    func ids() throws -> [String] {
        try objects().map { $0[caseInsensitive: "Id"]?.stringValue ?? "?" }
    }

    /// A complete `ErrorResponse` with the expected status, whose `Operation-Id` header
    /// equals the body's `OperationId`. Returns the OperationId.
    @discardableResult
    func expectRefusal(
        _ expected: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String? {
        #expect(status.kind != .serverError, "5xx: \(text)", sourceLocation: sourceLocation)
        try expectErrorResponse(expected, sourceLocation: sourceLocation)
        let operationID = try? string("OperationId")
        #expect(operationID != nil, "no OperationId: \(text)", sourceLocation: sourceLocation)
        #expect(headers[.testOperationID] == operationID, "Operation-Id header differs from the body", sourceLocation: sourceLocation)
        return operationID
    }
}

extension JSONValue {
    func number(_ name: String) -> Double? { self[caseInsensitive: name]?.numberValue }
    func string(_ name: String) -> String? { self[caseInsensitive: name]?.stringValue }
}

/// The status endpoint's answer, read.
struct StatusReading: Equatable, CustomStringConvertible {
    var primary: String?
    var pending: String?
    var lastDataProcessedTime: String?
    var epoch: Double?

    init(primary: String? = nil, pending: String? = nil, lastDataProcessedTime: String? = nil, epoch: Double? = nil) {
        self.primary = primary
        self.pending = pending
        self.lastDataProcessedTime = lastDataProcessedTime
        self.epoch = epoch
    }

    /// The role state alone: Primary, PendingPrimary and Epoch.
    var roles: StatusReading { StatusReading(primary: primary, pending: pending, epoch: epoch) }

    var description: String {
        "Primary=\(primary ?? "null") PendingPrimary=\(pending ?? "null") LDPT=\(lastDataProcessedTime ?? "null") Epoch=\(epoch.map { "\($0)" } ?? "?")"
    }
}

extension TestBaton.Client {
    /// Creates a group and expects 201.
    @discardableResult
    func createGroup(
        _ prefix: APIPrefix, _ id: String, timeout: String = "00:00:10",
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestBaton.Reply {
        let reply = try await send(.post, prefix.groups, #"{"Id":\#(json(id)),"FailoverTimeout":"\#(timeout)"}"#)
        #expect(reply.status == .created, "create group \(id): \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// Registers a session and expects 201.
    @discardableResult
    func register(
        _ prefix: APIPrefix, _ group: String, _ session: String, name: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestBaton.Reply {
        let body = name.map { #"{"Id":\#(json(session)),"Name":\#(json($0))}"# } ?? #"{"Id":\#(json(session))}"#
        let reply = try await send(.post, prefix.sessions(group), body)
        #expect(reply.status == .created, "register \(session): \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// Sends a heartbeat with `body` and expects 200.
    @discardableResult
    func heartbeat(
        _ prefix: APIPrefix, _ group: String, _ session: String, _ body: String = #"{"FailoverScore":100}"#,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestBaton.Reply {
        let reply = try await send(.post, prefix.heartbeat(group, session), body)
        #expect(reply.status == .ok, "heartbeat \(session): \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// The role a heartbeat is answered with.
    func role(
        _ prefix: APIPrefix, _ group: String, _ session: String, score: Int = 100,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Double? {
        try await heartbeat(prefix, group, session, #"{"FailoverScore":\#(score)}"#, sourceLocation: sourceLocation)
            .number("Role")
    }

    /// Reads the group's status and expects 200.
    func status(
        _ prefix: APIPrefix, _ group: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> StatusReading {
        let reply = try await send(.get, prefix.status(group))
        #expect(reply.status == .ok, "status \(group): \(reply.text)", sourceLocation: sourceLocation)
        return StatusReading(
            primary: try reply.string("Primary"), pending: try reply.string("PendingPrimary"),
            lastDataProcessedTime: try reply.string("LastDataProcessedTime"), epoch: try reply.number("Epoch"))
    }

    /// Reads one session and expects 200.
    func session(
        _ prefix: APIPrefix, _ group: String, _ session: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let reply = try await send(.get, prefix.session(group, session))
        #expect(reply.status == .ok, "session \(session): \(reply.text)", sourceLocation: sourceLocation)
        return try reply.json
    }

    /// Every event of a group, in the order served.
    func events(
        _ prefix: APIPrefix, _ group: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [JSONValue] {
        let reply = try await send(.get, prefix.events(group) + "?count=1000")
        #expect(reply.status == .ok, "events \(group): \(reply.text)", sourceLocation: sourceLocation)
        return try reply.objects()
    }

    /// A group with two live sessions: `a` is Primary (epoch 1), `b` Secondary. With
    /// `preemption`, the group's `PreemptionPolicy` (0 Score, 1 None) is set explicitly.
    func groupWithPrimaryAndSecondary(
        _ prefix: APIPrefix, group: String = "g", timeout: String = "00:00:10", preemption: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        if let preemption {
            try await createGroup(prefix, group, preemption: preemption, timeout: timeout, sourceLocation: sourceLocation)
        } else {
            try await createGroup(prefix, group, timeout: timeout, sourceLocation: sourceLocation)
        }
        try await register(prefix, group, "a", sourceLocation: sourceLocation)
        try await register(prefix, group, "b", sourceLocation: sourceLocation)
        let first = try await role(prefix, group, "a", sourceLocation: sourceLocation)
        let second = try await role(prefix, group, "b", sourceLocation: sourceLocation)
        #expect(first == 1, sourceLocation: sourceLocation)
        #expect(second == 0, sourceLocation: sourceLocation)
    }
}
