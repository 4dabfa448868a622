import BatonCore
import BatonJSON
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A Baton application on a fresh SQLite file in a temporary directory (or, with
/// `postgresURL`, on a PostgreSQL database), with a TestClock and a manual timer, so tests
/// move time and fire deadlines themselves.
struct TestBaton {
    let clock: TestClock
    let directory: URL
    /// The shared store to run on instead of SQLite.
    var postgresURL: String?

    /// Applied to the settings when set (see `init(authentication:customise:)`).
    private let customise: (@Sendable (inout ServerSettings) -> Void)?

    /// Two instances on one PostgreSQL database share a `clock`, as they share the database's.
    init(postgresURL: String? = nil, clock: TestClock = TestClock()) {
        self.clock = clock
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-test-\(UUID().uuidString)")
        customise = nil
        self.postgresURL = postgresURL
    }

    /// A Baton with the given authentication mode, cheap bcrypt (cost 4), rate limits (and the
    /// limit of secret checks) high enough never to matter unless `customise` lowers them,
    /// then `customise` applied.
    init(authentication: ServerSettings.Authentication,
         customise: @escaping @Sendable (inout ServerSettings) -> Void = { _ in }) {
        clock = TestClock()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-test-\(UUID().uuidString)")
        self.customise = { settings in
            settings.authentication = authentication
            settings.bcryptCost = 4
            settings.heartbeatRate = 1_000_000
            settings.requestRate = 1_000_000
            settings.secretCheckRate = 1_000_000
            customise(&settings)
        }
    }

    /// Builds the app on this directory and runs `body` against it (router mode: no socket).
    func run<Result>(
        _ setup: TestingSetup = .router,
        _ body: @Sendable (Client) async throws -> Result
    ) async throws -> Result {
        var settings = ServerSettings(host: "127.0.0.1", port: 0, dataDirectory: directory.path, logLevel: .critical)
        settings.postgresURL = postgresURL
        customise?(&settings)
        // On PostgreSQL time is the database's: the TestClock moves it by as much as it advanced.
        let (application, runtime) = try await buildApplication(
            settings: settings, clock: clock, clockSkew: { [clock] in clock.elapsed }, timerMode: .manual)
        do {
            let result = try await application.test(setup) { client in
                try await body(Client(client: client, runtime: runtime, clock: clock))
            }
            await runtime.coordinator.shutdown()
            return result
        } catch {
            await runtime.coordinator.shutdown()
            throw error
        }
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A test client with JSON helpers, the runtime and the clock.
    struct Client: Sendable {
        let client: any TestClientProtocol
        let runtime: BatonRuntime
        let clock: TestClock

        /// Sends a request; `body` is JSON text sent as is (so tests can send malformed JSON).
        @discardableResult
        func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws -> Reply {
            let response = try await client.execute(
                uri: uri, method: method, headers: body == nil ? [:] : [.contentType: "application/json"],
                body: body.map { ByteBuffer(string: $0) })
            return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }

        /// Moves time forward and fires every deadline that came due.
        func advance(by duration: Duration) async {
            clock.advance(by: duration)
            await runtime.coordinator.processDueDeadlines()
        }
    }

    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let text: String

        var json: JSONValue {
            get throws { try JSONValue.parse(text) }
        }

        /// A top-level property of an object body.
        func field(_ name: String) throws -> JSONValue? {
            try json[caseInsensitive: name]
        }

        /// Asserts the body is a Client Failover `ErrorResponse`.
        func expectErrorResponse(_ expected: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(status == expected, "body: \(text)", sourceLocation: sourceLocation)
            let body = try json
            for key in ["OperationId", "Error", "Reason", "Resolution"] {
                guard case .string(let value)? = body[caseInsensitive: key], !value.isEmpty else {
                    Issue.record("ErrorResponse lacks \(key): \(text)", sourceLocation: sourceLocation)
                    continue
                }
            }
        }
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}

/// The three path prefixes the Client Failover API is served under.
enum APIPrefix: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case cloud = "/api/v1/tenants/t1/namespaces/n1/clientfailover"
    case preview = "/api/v1-preview/tenants/t1/namespaces/n1/clientfailover"
    case onPremises = "/api/v1/clientfailover"

    var testDescription: String { rawValue }
}
