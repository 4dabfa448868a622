import BatonCore
import BatonTestSupport
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// Real `baton serve` processes sharing one PostgreSQL database: instances killed with
/// SIGKILL in the middle of a handover and of a task, and the database itself stopped and
/// started again under load.
@Suite(.needsPostgres)
struct ClusterProcessTests {
    static let base = "/api/v1/clientfailover"

    func instances(_ count: Int, on url: String) async throws -> [BatonProcess] {
        var started: [BatonProcess] = []
        for _ in 0..<count {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-cluster-\(UUID().uuidString)")
            started.append(try await BatonProcess(
                dataDirectory: directory.path, logLevel: "info",
                extraArguments: ["--postgres-url", url, "--poll-interval", "20", "--heartbeat-rate", "0"]))
        }
        return started
    }

    /// Stopping an instance closes its pool under its own background transactions (the poll,
    /// the serving mark); that is not an outage, and an operator's log must not say it is.
    @Test func aGracefulStopLogsNoOutage() async throws {
        let url = try await TestPostgres.freshDatabase()
        let nodes = try await instances(2, on: url)
        try await ProcessClient.with(nodes[0]) { client in
            for index in 0..<5 {
                try await Self.groupWithPrimaryAndSecondary(client, group: "g\(index)", timeout: "00:00:01")
            }
        }
        // The leases run out while the instances stop.
        try await Task.sleep(for: .milliseconds(900))
        for node in nodes {
            #expect(await node.terminate() == 0)
            #expect(!node.log.contains("shared store unavailable"), "\(node.log)")
        }
    }

    @Test func aHandoverStartedOnAKilledInstanceIsFinishedByTheOther() async throws {
        let url = try await TestPostgres.freshDatabase()
        let nodes = try await instances(2, on: url)
        let (a, b) = (nodes[0], nodes[1])
        try await ProcessClient.with(a) { one in
            try await Self.groupWithPrimaryAndSecondary(one, timeout: "00:00:05")
            let override = try await one.send(.post, Self.base + "/groups/g/clientsessions/b/roleoverride", #"{"Value":1}"#)
            #expect(override.status == .ok, "\(override.text)")
        }
        await a.kill()
        try await ProcessClient.with(b) { two in
            let status = try await two.send(.get, Self.base + "/groups/g/status")
            #expect(try status.string("Primary") == "a")
            #expect(try status.string("PendingPrimary") == "b")
            #expect(try await Self.role(two, "b") == 2)
            #expect(try await Self.role(two, "a") == 0)
            let after = try await two.send(.get, Self.base + "/groups/g/status")
            #expect(try after.string("Primary") == "b")
            #expect(try after.number("Epoch") == 2)
            let events = try await two.send(.get, Self.base + "/groups/g/events").objects()
            let promotions = events.filter { $0.string("Type") == "PrimaryChanged" }
            #expect(promotions.map { $0.string("To") } == ["a", "b"])
        }
        _ = await b.terminate()
    }

    @Test func tasksOfAKilledInstanceAreTakenOverRunningAndQueued() async throws {
        let url = try await TestPostgres.freshDatabase()
        let nodes = try await instances(2, on: url)
        let (a, b) = (nodes[0], nodes[1])
        let (running, queued) = try await ProcessClient.with(a) { one in
            try await Self.groupWithPrimaryAndSecondary(one, timeout: "00:00:05", preemption: 1)
            try await Self.groupWithPrimaryAndSecondary(one, group: "h", timeout: "00:00:05", preemption: 1)
            let now = try await one.send(.post, Self.base + "/groups/g/failover", "{}")
            #expect(now.status == .accepted, "\(now.text)")
            let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(1.5))
            let later = try await one.send(.post, Self.base + "/groups/h/failover", #"{"ScheduledTime":"\#(soon)"}"#)
            #expect(later.status == .accepted, "\(later.text)")
            return (try now.string("Id") ?? "?", try later.string("Id") ?? "?")
        }
        await a.kill()
        try await ProcessClient.with(b) { two in
            // The running task: b is pending; a's next heartbeat hands the role over.
            #expect(try await Self.role(two, "b") == 2)
            #expect(try await Self.role(two, "a") == 0)
            #expect(try await two.send(.get, Self.base + "/tasks/\(running)").string("Status") == "SUCCESS")
            // The queued task starts on the surviving instance's timer when it comes due.
            let deadline = ContinuousClock.now + .seconds(15)
            var status = "?"
            while ContinuousClock.now < deadline {
                _ = try await Self.role(two, "a", group: "h")
                _ = try await Self.role(two, "b", group: "h")
                status = try await two.send(.get, Self.base + "/tasks/\(queued)").string("Status") ?? "?"
                if status == "SUCCESS" || status == "FAILED" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(status == "SUCCESS")
            for group in ["g", "h"] {
                let promotions = try await two.send(.get, Self.base + "/groups/\(group)/events").objects()
                    .filter { $0.string("Type") == "PrimaryChanged" }
                #expect(promotions.map { $0.string("To") } == ["a", "b"], "\(group)")
            }
        }
        _ = await b.terminate()
    }

    /// PostgreSQL goes away for longer than the lease while both members keep heartbeating
    /// through both instances: 503 with the error body meanwhile, service resumes by itself,
    /// no two Primaries, nothing acknowledged lost. On a server of its own, so that stopping
    /// it disturbs no test running meanwhile.
    @Test func theDatabaseStoppedAndStartedUnderLoad() async throws {
        try await PrivateTestPostgres.with { server in try await databaseStoppedAndStartedUnderLoad(server) }
    }

    func databaseStoppedAndStartedUnderLoad(_ server: PrivateTestPostgres) async throws {
        let url = try await server.freshDatabase()
        let nodes = try await instances(2, on: url)
        let answers = Recorder()
        try await ProcessClient.with(nodes[0]) { one in
            try await ProcessClient.with(nodes[1]) { two in
                try await Self.groupWithPrimaryAndSecondary(one, timeout: "00:00:02")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (member, client) in [("a", one), ("b", two)] {
                        group.addTask {
                            while !answers.stopped {
                                let sent = ContinuousClock.now
                                let reply = try await client.send(
                                    .post, Self.base + "/groups/g/clientsessions/\(member)/heartbeat", #"{"FailoverScore":100}"#)
                                let answer = Answer(member: member, sent: sent, took: sent.duration(to: .now),
                                                    status: reply.status.code,
                                                    role: try? reply.number("Role"), epoch: try? reply.number("Epoch"),
                                                    errorBody: reply.status == .serviceUnavailable ? (try? reply.string("Error")) : nil)
                                answers.append(answer)
                                try await Task.sleep(for: .milliseconds(200))
                            }
                        }
                    }
                    try await Task.sleep(for: .seconds(1))
                    let created = try await one.send(.post, Self.base + "/groups", #"{"Id":"before-outage","FailoverTimeout":"00:00:05"}"#)
                    #expect(created.status == .created)
                    try await server.stopServer()
                    try await Task.sleep(for: .seconds(3))
                    let refused = try await two.send(.get, Self.base + "/groups/g/status")
                    #expect(refused.status == .serviceUnavailable)
                    #expect(try refused.string("OperationId") != nil)
                    try await server.startServer()
                    // Back by itself: both members are answered again.
                    let deadline = ContinuousClock.now + .seconds(20)
                    while ContinuousClock.now < deadline {
                        let recent = answers.all.suffix(4)
                        if recent.count == 4, recent.allSatisfy({ $0.status == 200 }) { break }
                        try await Task.sleep(for: .milliseconds(200))
                    }
                    try await Task.sleep(for: .seconds(1))
                    answers.stop()
                    try await group.waitForAll()
                }
                #expect(try await two.send(.get, Self.base + "/groups/before-outage").status == .ok)
                let status = try await one.send(.get, Self.base + "/groups/g/status")
                #expect(status.status == .ok)
                #expect(try status.string("Primary") != nil)
            }
        }
        let all = answers.all
        #expect(all.allSatisfy { $0.status == 200 || $0.status == 503 }, "\(all.filter { $0.status != 200 && $0.status != 503 })")
        #expect(all.contains { $0.status == 503 && $0.errorBody != nil })
        // While one request probes the database the others are refused at once, not after the
        // connection wait.
        #expect(all.contains { $0.status == 503 && $0.took < .milliseconds(500) })
        #expect(all.suffix(2).allSatisfy { $0.status == 200 })
        // No two members ever held Primary at once, by the client's own lease rule: a member
        // answered Primary acts on it until 0.9 × FailoverTimeout after it sent the heartbeat.
        let primaries = all.filter { $0.status == 200 && $0.role == 1 }
        for first in primaries {
            for second in primaries where second.member != first.member {
                let overlap = first.sent < second.sent + .milliseconds(1800) && second.sent < first.sent + .milliseconds(1800)
                #expect(!overlap, "\(first) and \(second) both acted as Primary")
                #expect(first.epoch != second.epoch, "two members Primary in one epoch")
            }
        }
        for node in nodes { _ = await node.terminate() }
    }

    /// Every heartbeat answer of the load, and the switch that ends it.
    final class Recorder: Sendable {
        private let answers = Mutex<[Answer]>([])
        private let done = Atomic<Bool>(false)

        var all: [Answer] { answers.withLock { $0 } }
        var stopped: Bool { done.load(ordering: .relaxed) }
        func append(_ answer: Answer) { answers.withLock { $0.append(answer) } }
        func stop() { done.store(true, ordering: .relaxed) }
    }

    struct Answer: Sendable, CustomStringConvertible {
        let member: String
        let sent: ContinuousClock.Instant
        let took: Duration
        let status: Int
        let role: Double??
        let epoch: Double??
        let errorBody: String??

        var description: String { "\(member) \(status) role=\(String(describing: role)) epoch=\(String(describing: epoch))" }
    }

    // MARK: Helpers

    static func groupWithPrimaryAndSecondary(_ client: ProcessClient, group: String = "g", timeout: String,
                                             preemption: Int = 0) async throws {
        let created = try await client.send(
            .post, base + "/groups", #"{"Id":"\#(group)","FailoverTimeout":"\#(timeout)","PreemptionPolicy":\#(preemption)}"#)
        #expect(created.status == .created, "\(created.text)")
        for session in ["a", "b"] {
            let registered = try await client.send(.post, base + "/groups/\(group)/clientsessions", #"{"Id":"\#(session)"}"#)
            #expect(registered.status == .created, "\(registered.text)")
        }
        #expect(try await role(client, "a", group: group) == 1)
        #expect(try await role(client, "b", group: group) == 0)
    }

    static func role(_ client: ProcessClient, _ session: String, group: String = "g") async throws -> Double? {
        let reply = try await client.send(
            .post, base + "/groups/\(group)/clientsessions/\(session)/heartbeat", #"{"FailoverScore":100}"#)
        #expect(reply.status == .ok, "\(reply.text)")
        return try reply.number("Role")
    }
}
