import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A member of an etcd v3 election through etcd's JSON gateway, doing what clientv3's
/// `concurrency.Session` and `Election` do: a lease of `ttl` seconds kept alive every ttl/3,
/// `Campaign` (which answers once this member leads), `Resign`.
final class EtcdMember: Sendable {
    let http: HTTPClient
    let endpoint: String
    let lease: String
    let ttl: Int
    private let keepingAlive = Locked<Task<Void, Never>?>(nil)
    private let lastKeepAlive = Locked<ContinuousClock.Instant?>(nil)

    struct Leader: Codable, Sendable {
        let name: String
        let key: String
        let rev: String
        let lease: String
    }

    private init(http: HTTPClient, endpoint: String, lease: String, ttl: Int) {
        self.http = http
        self.endpoint = endpoint
        self.lease = lease
        self.ttl = ttl
    }

    /// Grants a lease of `ttl` seconds and starts keeping it alive.
    static func join(_ endpoint: String, ttl: Int, http: HTTPClient) async throws -> EtcdMember {
        let granted = try await call(http, endpoint, "/v3/lease/grant", ["TTL": ttl])
        guard let id = granted["ID"] as? String else { throw SimulationError("etcd granted no lease: \(granted)") }
        let member = EtcdMember(http: http, endpoint: endpoint, lease: id, ttl: ttl)
        member.keepingAlive.withLock { task in
            task = Task {
                while !Task.isCancelled {
                    member.lastKeepAlive.withLock { $0 = .now }
                    _ = try? await call(http, endpoint, "/v3/lease/keepalive", ["ID": id])
                    try? await Task.sleep(for: .milliseconds(ttl * 1000 / 3))
                }
            }
        }
        return member
    }

    /// Two members of `election`: `a` leads (its campaign answered), `b`'s campaign runs in
    /// `successor` and answers once `b` leads.
    static func leaderAndCandidate(_ endpoint: String, election: String, ttl: Int, http: HTTPClient) async throws
        -> (a: EtcdMember, leader: Leader, b: EtcdMember, successor: Task<Leader, any Error>) {
        let a = try await join(endpoint, ttl: ttl, http: http)
        let leader = try await a.campaign(election, value: "a")
        let b = try await join(endpoint, ttl: ttl, http: http)
        return (a, leader, b, Task { try await b.campaign(election, value: "b") })
    }

    /// The send time of the last keep-alive.
    var lastBeat: ContinuousClock.Instant? { lastKeepAlive.withLock { $0 } }

    /// Answers when this member leads `election`.
    func campaign(_ election: String, value: String) async throws -> Leader {
        let answer = try await Self.call(http, endpoint, "/v3/election/campaign", [
            "name": Data(election.utf8).base64EncodedString(),
            "lease": lease,
            "value": Data(value.utf8).base64EncodedString(),
        ], timeout: .seconds(120))
        guard let leader = answer["leader"] as? [String: Any], let name = leader["name"] as? String,
              let key = leader["key"] as? String, let rev = leader["rev"] as? String, let lease = leader["lease"] as? String
        else { throw SimulationError("etcd's campaign answered no leader: \(answer)") }
        return Leader(name: name, key: key, rev: rev, lease: lease)
    }

    func resign(_ leader: Leader) async throws {
        _ = try await Self.call(http, endpoint, "/v3/election/resign", [
            "leader": ["name": leader.name, "key": leader.key, "rev": leader.rev, "lease": leader.lease],
        ])
    }

    /// Stops keeping the lease alive, as a member that died (the lease runs out after ttl).
    func die() async {
        let task = keepingAlive.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    /// Stops and revokes the lease (its keys go at once).
    func leave() async {
        await die()
        _ = try? await Self.call(http, endpoint, "/v3/lease/revoke", ["ID": lease])
    }

    static func call(_ http: HTTPClient, _ endpoint: String, _ path: String, _ body: [String: Any],
                     timeout: Duration = .seconds(10)) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any] ?? [:]
        guard response.status == .ok else { throw SimulationError("etcd \(path): \(response.status.code) \(object)") }
        return object
    }
}
