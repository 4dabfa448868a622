import BatonCore
import Foundation
import Testing

/// Failover tasks across a real `baton serve` killed with SIGKILL and started again on the
/// same SQLite file: a task is durable from its 202, a running one resumes and completes
/// exactly once, a queued one keeps its schedule and can still be cancelled.
@Suite(.serialized) struct FailoverTaskRestartTests {
    let base = "/api/v1/clientfailover"

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("baton-task-restart-\(UUID().uuidString)").path
    }

    static func heartbeat(_ client: ProcessClient, _ base: String, _ session: String) async throws -> TestBaton.Reply {
        let reply = try await client.send(.post, "\(base)/groups/g/clientsessions/\(session)/heartbeat", #"{"FailoverScore":100}"#)
        #expect(reply.status == .ok, "heartbeat \(session): \(reply.text)")
        return reply
    }

    /// Group g (FailoverTimeout 3 s) with a Primary (epoch 1) and b Secondary.
    static func prepare(_ client: ProcessClient, _ base: String) async throws {
        #expect(try await client.send(.post, "\(base)/groups", #"{"Id":"g","FailoverTimeout":"00:00:03","PreemptionPolicy":1}"#).status == .created)
        #expect(try await client.send(.post, "\(base)/groups/g/clientsessions", #"{"Id":"a"}"#).status == .created)
        #expect(try await client.send(.post, "\(base)/groups/g/clientsessions", #"{"Id":"b"}"#).status == .created)
        #expect(try await heartbeat(client, base, "a").field("Role") == .number(1))
        #expect(try await heartbeat(client, base, "b").field("Role") == .number(0))
    }

    @Test func aRunningTaskSurvivesASIGKILLAndSucceedsExactlyOnce() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = self.base

        let first = try await BatonProcess(dataDirectory: directory)
        let id = try await ProcessClient.with(first) { client in
            try await Self.prepare(client, base)
            let accepted = try await client.send(.post, "\(base)/groups/g/failover", #"{"Reason":"crash test"}"#)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            #expect(try accepted.field("Status") == .string("RUNNING"))
            #expect(try accepted.field("TargetSessionId") == .string("b"))
            let status = try await client.send(.get, "\(base)/groups/g/status")
            #expect(try status.field("PendingPrimary") == .string("b"))
            return try #require(try accepted.field("Id")?.stringValue)
        }
        // Killed while RUNNING, before the old Primary's next heartbeat.
        await first.kill()

        let second = try await BatonProcess(dataDirectory: directory)
        defer { second.killInBackground() }
        try await ProcessClient.with(second) { client in
            let resumed = try await client.send(.get, "\(base)/tasks/\(id)")
            #expect(resumed.status == .ok, "\(resumed.text)")
            #expect(try resumed.field("Status") == .string("RUNNING"), "\(resumed.text)")
            #expect(try resumed.field("Reason") == .string("crash test"))
            let before = try await client.send(.get, "\(base)/groups/g/status")
            #expect(try before.field("Primary") == .string("a"))
            #expect(try before.field("Epoch") == .number(1), "a restart alone must not move the role")

            // Both members heartbeat: the handover completes through the ordinary path.
            _ = try await Self.heartbeat(client, base, "b")
            let demoted = try await Self.heartbeat(client, base, "a")
            #expect(try demoted.field("Role") == .number(0), "\(demoted.text)")
            let promoted = try await Self.heartbeat(client, base, "b")
            #expect(try promoted.field("Role") == .number(1), "\(promoted.text)")
            #expect(try promoted.field("Epoch") == .number(2))

            let done = try await client.send(.get, "\(base)/tasks/\(id)")
            #expect(try done.field("Status") == .string("SUCCESS"), "\(done.text)")
            #expect(try done.field("Epoch") == .number(2))
            let titles = try done.field("Steps")?.arrayValue?.map { $0[caseInsensitive: "Title"]?.stringValue ?? "?" } ?? []
            #expect(titles.contains("Resume after a coordinator restart"), "\(titles)")

            // A while later: still b, epoch 2, nothing run twice.
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await Self.heartbeat(client, base, "a").field("Role") == .number(0))
                #expect(try await Self.heartbeat(client, base, "b").field("Epoch") == .number(2))
            }
            let events = try await client.send(.get, "\(base)/groups/g/events?count=1000").json.arrayValue ?? []
            let types = events.map { $0[caseInsensitive: "Type"]?.stringValue ?? "?" }
            #expect(types.filter { $0 == "FailoverQueued" }.count == 1, "\(types)")
            #expect(types.filter { $0 == "FailoverStarted" }.count == 1, "\(types)")
            #expect(types.filter { $0 == "FailoverSucceeded" }.count == 1, "\(types)")
            #expect(!types.contains("FailoverFailed"), "\(types)")
            let forced = events.filter {
                $0[caseInsensitive: "Type"]?.stringValue == "PrimaryChanged" && $0[caseInsensitive: "Reason"]?.stringValue == "forced"
            }
            #expect(forced.count == 1, "one forced promotion: \(types)")
            #expect(types.filter { $0 == "PrimaryChanged" }.count == 2, "initial election + the forced one: \(types)")
            // The group is free: a new failover is accepted (no task left active).
            let again = try await client.send(.post, "\(base)/groups/g/failover", "{}")
            #expect(again.status == .accepted, "\(again.text)")
            #expect(try again.field("Id") != resumed.field("Id"))
        }
    }

    @Test func aQueuedTaskSurvivesASIGKILLAndCanStillBeCancelled() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = self.base
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let at = formatter.string(from: Date().addingTimeInterval(3600))

        let first = try await BatonProcess(dataDirectory: directory)
        let id = try await ProcessClient.with(first) { client in
            try await Self.prepare(client, base)
            let accepted = try await client.send(.post, "\(base)/groups/g/failover", #"{"ScheduledTime":"\#(at)"}"#)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            #expect(try accepted.field("Status") == .string("QUEUED"))
            return try #require(try accepted.field("Id")?.stringValue)
        }
        await first.kill()

        let second = try await BatonProcess(dataDirectory: directory)
        defer { second.killInBackground() }
        try await ProcessClient.with(second) { client in
            let queued = try await client.send(.get, "\(base)/tasks/\(id)")
            #expect(try queued.field("Status") == .string("QUEUED"), "\(queued.text)")
            #expect(try queued.field("ScheduledTime") == .string(at))
            // Still holds the group.
            let refused = try await client.send(.post, "\(base)/groups/g/failover", "{}")
            #expect(refused.status == .conflict)
            #expect(try refused.field("Code") == .string("FailoverInProgress"), "\(refused.text)")

            let canceled = try await client.send(.delete, "\(base)/tasks/\(id)")
            #expect(canceled.status == .ok, "\(canceled.text)")
            #expect(try canceled.field("Status") == .string("CANCELED"))
            #expect(try await client.send(.get, "\(base)/tasks/\(id)").field("Status") == .string("CANCELED"))
            let status = try await client.send(.get, "\(base)/groups/g/status")
            #expect(try status.field("Primary") == .string("a"))
            #expect(try status.field("Epoch") == .number(1))
        }
    }

    /// A queued task whose ScheduledTime came while the coordinator was down is due at the
    /// restart, when no member has heartbeated yet (restart grace). It must not fail for want
    /// of a live standby before the members have had a chance to heartbeat: it should go on
    /// once they do, like a running task does.
    @Test func aQueuedTaskThatCameDueWhileTheCoordinatorWasDownRunsOnceTheMembersHeartbeat() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = self.base
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let at = formatter.string(from: Date().addingTimeInterval(1))

        let first = try await BatonProcess(dataDirectory: directory)
        let id = try await ProcessClient.with(first) { client in
            try await Self.prepare(client, base)
            let accepted = try await client.send(.post, "\(base)/groups/g/failover", #"{"ScheduledTime":"\#(at)"}"#)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            #expect(try accepted.field("Status") == .string("QUEUED"))
            return try #require(try accepted.field("Id")?.stringValue)
        }
        await first.kill()
        try await Task.sleep(for: .milliseconds(1500))  // the scheduled time passes while down

        let second = try await BatonProcess(dataDirectory: directory)
        defer { second.killInBackground() }
        try await ProcessClient.with(second) { client in
            let atRestart = try await client.send(.get, "\(base)/tasks/\(id)")
            #expect(try atRestart.field("Status") != .string("FAILED"),
                    "failed at the restart, before any member could heartbeat: \(atRestart.text)")
            _ = try await Self.heartbeat(client, base, "b")
            _ = try await Self.heartbeat(client, base, "a")
            let promoted = try await Self.heartbeat(client, base, "b")
            #expect(try promoted.field("Role") == .number(1), "\(promoted.text)")
            #expect(try promoted.field("Epoch") == .number(2))
            let done = try await client.send(.get, "\(base)/tasks/\(id)")
            #expect(try done.field("Status") == .string("SUCCESS"), "\(done.text)")
        }
    }
}
