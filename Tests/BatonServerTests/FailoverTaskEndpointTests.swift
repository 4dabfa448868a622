import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import Testing

// Planned failover as a task on the Client Failover API (Baton extension):
// `POST {prefix}/groups/{groupId}/failover`, `GET {prefix}/tasks/{taskId}`,
// `DELETE {prefix}/tasks/{taskId}`. Over HTTP, with the TestClock harness: time only moves
// when a test calls `advance(by:)`. Groups use a FailoverTimeout of 10 s unless stated.

extension APIPrefix {
    func failover(_ group: String) -> String { self.group(group) + "/failover" }
    func task(_ id: String) -> String { rawValue + "/tasks/" + id }
}

extension TestBaton.Client {
    /// Creates a group with `PreemptionPolicy` 0 (Score) or 1 (None) and expects 201.
    func createGroup(_ prefix: APIPrefix, _ id: String, preemption: Int, timeout: String = "00:00:10",
                     sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await send(.post, prefix.groups,
                                   #"{"Id":\#(json(id)),"FailoverTimeout":"\#(timeout)","PreemptionPolicy":\#(preemption)}"#)
        #expect(reply.status == .created, "create group \(id): \(reply.text)", sourceLocation: sourceLocation)
    }

    /// Requests a failover and expects 202; returns the task body.
    func requestFailover(_ prefix: APIPrefix, _ group: String, _ body: String? = "{}",
                         sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBaton.Reply {
        let reply = try await send(.post, prefix.failover(group), body)
        #expect(reply.status == .accepted, "failover \(group): \(reply.status) \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// Reads a task and expects 200.
    func task(_ prefix: APIPrefix, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBaton.Reply {
        let reply = try await send(.get, prefix.task(id))
        #expect(reply.status == .ok, "task \(id): \(reply.status) \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// Heartbeats each of `sessions` with its score; returns the roles answered.
    @discardableResult
    func heartbeatAll(_ prefix: APIPrefix, _ group: String, _ sessions: [(String, Int)],
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Double] {
        var roles: [String: Double] = [:]
        for (session, score) in sessions {
            roles[session] = try await role(prefix, group, session, score: score, sourceLocation: sourceLocation)
        }
        return roles
    }
}

extension TestBaton.Reply {
    /// A 409 `ErrorResponse` with the refusal's `Code`.
    func expectConflict(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectRefusal(.conflict, sourceLocation: sourceLocation)
        #expect(try string("Code") == code, "body: \(text)", sourceLocation: sourceLocation)
    }

    var taskID: String { (try? string("Id")) ?? "?" }
    var taskStatus: String? { try? string("Status") }
}

/// The wall time `seconds` after the TestClock's start, as the wire writes it.
func wallTime(afterStart seconds: Int) -> String {
    let date = Date(timeIntervalSince1970: 1_800_000_000 + Double(seconds))
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
}

@Suite struct FailoverTaskEndpointTests {
    // MARK: The happy path

    @Test(arguments: APIPrefix.allCases)
    func aFailoverSwapsTheRolesRaisesTheEpochAndDoesNotFailBackWithPreemptionNone(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g", preemption: 1)
            try await client.register(prefix, "g", "a")
            try await client.register(prefix, "g", "b")
            // a scores higher than b: with PreemptionPolicy None that must not pull the role back.
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 50)]) == ["a": 1, "b": 0])

            let accepted = try await client.requestFailover(prefix, "g", #"{"Reason":"patching a"}"#)
            let id = accepted.taskID
            #expect(accepted.headers[.location] == prefix.task(id))
            #expect(accepted.taskStatus == "RUNNING", "\(accepted.text)")
            #expect(try accepted.string("GroupId") == "g")
            #expect(try accepted.string("TargetSessionId") == "b")
            #expect(try accepted.isNull("RequestedTargetSessionId"))
            #expect(try accepted.string("FromPrimary") == "a")
            #expect(try accepted.string("Reason") == "patching a")
            #expect(try accepted.isNull("Principal"), "authentication is off")
            #expect(try accepted.number("Progress") == 66)
            #expect(try accepted.isNull("Epoch"))
            #expect(try accepted.string("CreatedTime") == startWallTime)

            // The Location header points at a GET that works and shows the same task.
            let location = try #require(accepted.headers[.location])
            let fetched = try await client.send(.get, location)
            #expect(fetched.status == .ok)
            #expect(fetched.taskID == id)
            #expect(fetched.taskStatus == "RUNNING")

            // The ordinary handover: b PendingPrimary until a's next heartbeat.
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: "b", epoch: 1))
            await client.advance(by: .seconds(1))
            #expect(try await client.role(prefix, "g", "b", score: 50) == 2)
            #expect(try await client.role(prefix, "g", "a", score: 100) == 0, "the old Primary is told Secondary")
            let promoted = try await client.heartbeat(prefix, "g", "b", #"{"FailoverScore":50}"#)
            #expect(try promoted.number("Role") == 1)
            #expect(try promoted.number("Epoch") == 2)

            let done = try await client.task(prefix, id)
            #expect(done.taskStatus == "SUCCESS", "\(done.text)")
            #expect(try done.number("Epoch") == 2)
            #expect(try done.number("Progress") == 100)
            #expect(try done.string("Message")?.contains("b is Primary with epoch 2") == true, "\(done.text)")
            #expect(try done.string("StartTime") == startWallTime)
            #expect(try done.string("EndTime") == wallTime(afterStart: 1))
            let steps = try #require(try done.field("Steps")?.arrayValue)
            #expect(steps.map { $0.string("Title") } == ["Queued", "Choose the target", "Hand over the Primary role"])
            #expect(steps.allSatisfy { $0.string("Status") == "SUCCESS" }, "\(steps)")

            // No failback: a keeps a higher score for three timeouts and stays Secondary.
            for _ in 0..<8 {
                await client.advance(by: .seconds(4))
                #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 50)]) == ["a": 0, "b": 1])
            }
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", epoch: 2))

            // The timeline records the forced change.
            let events = try await client.events(prefix, "g")
            let types = events.map { $0.string("Type") ?? "?" }
            #expect(types.filter { $0.hasPrefix("Failover") } == ["FailoverQueued", "FailoverStarted", "FailoverSucceeded"])
            let forced = events.filter { $0.string("Type") == "PrimaryChanged" && $0.string("Reason") == "forced" }
            #expect(forced.count == 1, "\(types)")
            #expect(forced.first?.string("From") == "a")
            #expect(forced.first?.string("To") == "b")
            #expect(forced.first?.number("Epoch") == 2)
            #expect(events.filter { $0.string("Type") == "PrimaryChanged" }.count == 2, "initial election + forced only")
            let queued = try #require(events.first { $0.string("Type") == "FailoverQueued" })
            #expect(queued.string("Detail")?.contains("patching a") == true, "\(queued)")
            #expect(queued.string("Detail")?.contains(id) == true, "\(queued)")
        }
    }

    @Test func withPreemptionScoreAHigherScoringOldPrimaryTakesTheRoleBackAfterOneTimeout() async throws {
        let prefix = APIPrefix.onPremises
        try await withBaton { client in
            try await client.createGroup(prefix, "g", preemption: 0)
            try await client.register(prefix, "g", "a")
            try await client.register(prefix, "g", "b")
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 50)]) == ["a": 1, "b": 0])
            let id = try await client.requestFailover(prefix, "g").taskID
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 50)]) == ["a": 0, "b": 1])
            #expect(try await client.task(prefix, id).taskStatus == "SUCCESS")
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", epoch: 2))

            // Before one FailoverTimeout has passed, b keeps the role.
            await client.advance(by: .seconds(4))
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 50)]) == ["a": 0, "b": 1])
            await client.advance(by: .seconds(4))
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 50)]) == ["a": 0, "b": 1])
            // After it, score preemption legitimately moves the role back (through the handover).
            await client.advance(by: .seconds(4))
            var roles: [String: Double] = [:]
            for _ in 0..<2 { roles = try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 50)]) }
            #expect(roles == ["a": 1, "b": 0])
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 3))
            let changes = try await client.events(prefix, "g").filter { $0.string("Type") == "PrimaryChanged" }
            #expect(changes.map { $0.string("Reason") ?? "?" }.suffix(2) == ["forced", "score"])
            // The task stays SUCCESS: it did what it was asked.
            #expect(try await client.task(prefix, id).taskStatus == "SUCCESS")
        }
    }

    @Test func anEmptyBodyIsAllowed() async throws {
        let prefix = APIPrefix.onPremises
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let accepted = try await client.requestFailover(prefix, "g", nil)
            #expect(accepted.taskStatus == "RUNNING", "\(accepted.text)")
            #expect(try accepted.string("TargetSessionId") == "b")
        }
    }

    @Test func whenTheOldPrimaryStopsHeartbeatingTheTargetTakesTheRoleWhenItsLeaseRunsOut() async throws {
        let prefix = APIPrefix.cloud
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let id = try await client.requestFailover(prefix, "g").taskID
            for _ in 0..<2 {
                await client.advance(by: .seconds(4))
                #expect(try await client.role(prefix, "g", "b") == 2)
            }
            await client.advance(by: .seconds(3))  // a's lease (10 s) has run out
            let promoted = try await client.heartbeat(prefix, "g", "b")
            #expect(try promoted.number("Role") == 1)
            #expect(try promoted.number("Epoch") == 2)
            let done = try await client.task(prefix, id)
            #expect(done.taskStatus == "SUCCESS", "\(done.text)")
            #expect(try done.number("Epoch") == 2)
        }
    }

    // MARK: Three members: target choice

    @Test(arguments: APIPrefix.allCases)
    func withThreeMembersTheBestScoringStandbyIsChosenWhenNoneIsNamed(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g", preemption: 1)
            for session in ["a", "b", "c"] { try await client.register(prefix, "g", session) }
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 60), ("c", 90)]) == ["a": 1, "b": 0, "c": 0])
            let accepted = try await client.requestFailover(prefix, "g")
            #expect(try accepted.string("TargetSessionId") == "c", "\(accepted.text)")
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 60), ("c", 90)]) == ["a": 0, "b": 0, "c": 1])
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "c", epoch: 2))
            #expect(try await client.task(prefix, accepted.taskID).taskStatus == "SUCCESS")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func withThreeMembersANamedTargetIsRespected(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g", preemption: 1)
            for session in ["a", "b", "c"] { try await client.register(prefix, "g", session) }
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 60), ("c", 90)]) == ["a": 1, "b": 0, "c": 0])
            let accepted = try await client.requestFailover(prefix, "g", #"{"TargetSessionId":"b"}"#)
            #expect(try accepted.string("RequestedTargetSessionId") == "b")
            #expect(try accepted.string("TargetSessionId") == "b", "\(accepted.text)")
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: "b", epoch: 1))
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("c", 90), ("b", 60)]) == ["a": 0, "b": 1, "c": 0])
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "b", epoch: 2))
            let done = try await client.task(prefix, accepted.taskID)
            #expect(done.taskStatus == "SUCCESS")
            #expect(try done.number("Epoch") == 2)
        }
    }

    // MARK: A target that dies mid-handover

    @Test(arguments: APIPrefix.allCases)
    func aTargetThatStopsHeartbeatingMidHandoverFailsTheTaskAndTheOldPrimaryKeepsItsRole(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g", preemption: 0)
            try await client.register(prefix, "g", "a")
            try await client.register(prefix, "g", "b")
            #expect(try await client.role(prefix, "g", "a") == 1)
            #expect(try await client.role(prefix, "g", "b") == 0)  // b's lease: until t = 10 s
            await client.advance(by: .seconds(3))
            // a heartbeats before the request (lease until t = 13 s) and not again until b is gone.
            #expect(try await client.role(prefix, "g", "a") == 1)
            let id = try await client.requestFailover(prefix, "g", #"{"TargetSessionId":"b","Reason":"move"}"#).taskID
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: "b", epoch: 1))

            await client.advance(by: .seconds(8))  // t = 11 s: b's lease ran out, a's holds
            let failed = try await client.task(prefix, id)
            #expect(failed.taskStatus == "FAILED", "\(failed.text)")
            #expect(try failed.number("Progress") == 100)
            #expect(try failed.isNull("Epoch"))
            let message = try failed.string("Message") ?? ""
            #expect(message.contains("b stopped heartbeating"), "\(message)")
            #expect(message.contains("a keeps the role"), "\(message)")
            // The deadline at b's lease expiry fired on the clock's advance to t = 11 s.
            #expect(try failed.string("EndTime") == wallTime(afterStart: 11), "\(failed.text)")
            let steps = try #require(try failed.field("Steps")?.arrayValue)
            #expect(steps.last?.string("Status") == "FAILED")
            #expect(steps.last?.string("Message") == message)

            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 1))
            let kept = try await client.heartbeat(prefix, "g", "a")
            #expect(try kept.number("Role") == 1)
            #expect(try kept.number("Epoch") == 1)
            // b comes back: a Secondary again, the task stays FAILED, nothing is retried.
            #expect(try await client.role(prefix, "g", "b") == 0)
            #expect(try await client.task(prefix, id).taskStatus == "FAILED")
            let types = try await client.events(prefix, "g").map { $0.string("Type") ?? "?" }
            #expect(types.contains("FailoverFailed"), "\(types)")
            #expect(!types.contains("FailoverSucceeded"))
            // The group is free for another failover.
            _ = try await client.requestFailover(prefix, "g")
        }
    }

    /// A running task whose handover cannot complete (here a Primary role override on the old
    /// Primary, which wins over the task) fails after 2 × FailoverTimeout; nothing moves.
    @Test func aHandoverThatCannotCompleteFailsAfterTwiceTheTimeout() async throws {
        let prefix = APIPrefix.onPremises
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let id = try await client.requestFailover(prefix, "g").taskID
            #expect(try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":"Primary"}"#).status == .ok)
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 1))
            for _ in 0..<3 {
                await client.advance(by: .seconds(6))
                #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 100)]) == ["a": 1, "b": 0])
                #expect(try await client.task(prefix, id).taskStatus == "RUNNING")
            }
            await client.advance(by: .seconds(2))  // t = 20 s = 2 × FailoverTimeout
            let failed = try await client.task(prefix, id)
            #expect(failed.taskStatus == "FAILED", "\(failed.text)")
            #expect(try failed.string("Message")?.contains("did not complete within 2 × FailoverTimeout") == true, "\(failed.text)")
            #expect(try failed.string("EndTime") == wallTime(afterStart: 20))
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 100)]) == ["a": 1, "b": 0])
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 1))
        }
    }

    // MARK: Scheduling and cancelling

    @Test(arguments: APIPrefix.allCases)
    func aScheduledTaskWaitsAndCanBeCancelledWhileQueued(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let at = wallTime(afterStart: 60)
            let accepted = try await client.requestFailover(prefix, "g", #"{"ScheduledTime":"\#(at)","Reason":"window"}"#)
            let id = accepted.taskID
            #expect(accepted.taskStatus == "QUEUED", "\(accepted.text)")
            #expect(try accepted.number("Progress") == 0)
            #expect(try accepted.string("ScheduledTime") == at)
            #expect(try accepted.isNull("TargetSessionId"))
            #expect(try accepted.isNull("StartTime"))
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 1))

            // A queued task holds the group.
            try await client.send(.post, prefix.failover("g"), "{}").expectConflict("FailoverInProgress")

            await client.advance(by: .seconds(5))
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 100)]) == ["a": 1, "b": 0])
            #expect(try await client.task(prefix, id).taskStatus == "QUEUED")

            let canceled = try await client.send(.delete, prefix.task(id))
            #expect(canceled.status == .ok, "\(canceled.text)")
            #expect(canceled.taskStatus == "CANCELED")
            #expect(try canceled.number("Progress") == 100)
            #expect(try await client.task(prefix, id).taskStatus == "CANCELED")
            try await client.send(.delete, prefix.task(id)).expectConflict("TaskNotCancelable")

            // Past the scheduled time nothing happens.
            for _ in 0..<15 {
                await client.advance(by: .seconds(5))
                #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 100)]) == ["a": 1, "b": 0])
            }
            #expect(try await client.task(prefix, id).taskStatus == "CANCELED")
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 1))
            let types = try await client.events(prefix, "g").map { $0.string("Type") ?? "?" }
            #expect(types.filter { $0.hasPrefix("Failover") } == ["FailoverQueued", "FailoverCanceled"])

            // The group is free again.
            #expect(try await client.requestFailover(prefix, "g").taskStatus == "RUNNING")
        }
    }

    @Test func aScheduledTaskStartsAtItsTimeAndSucceeds() async throws {
        let prefix = APIPrefix.onPremises
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let at = wallTime(afterStart: 20)
            let id = try await client.requestFailover(prefix, "g", #"{"ScheduledTime":"\#(at)"}"#).taskID
            for _ in 0..<3 {
                await client.advance(by: .seconds(6))
                #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 100)]) == ["a": 1, "b": 0])
                #expect(try await client.task(prefix, id).taskStatus == "QUEUED")
            }
            await client.advance(by: .seconds(2))  // t = 20 s: the deadline fires without a request
            let started = try await client.task(prefix, id)
            #expect(started.taskStatus == "RUNNING", "\(started.text)")
            #expect(try started.string("StartTime") == at)
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", pending: "b", epoch: 1))
            #expect(try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 100)]) == ["a": 0, "b": 1])
            let done = try await client.task(prefix, id)
            #expect(done.taskStatus == "SUCCESS", "\(done.text)")
            #expect(try done.number("Epoch") == 2)
        }
    }

    @Test func aScheduledTimeInThePastStartsAtOnce() async throws {
        let prefix = APIPrefix.onPremises
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let accepted = try await client.requestFailover(prefix, "g", #"{"ScheduledTime":"2020-01-01T00:00:00Z"}"#)
            #expect(accepted.taskStatus == "RUNNING", "\(accepted.text)")
        }
    }

    // MARK: Refusals (409 with Code)

    @Test(arguments: APIPrefix.allCases)
    func aDeadStandbyIsRefusedWithNoLiveStandby(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            // Only a keeps heartbeating; b's lease runs out.
            for _ in 0..<2 {
                await client.advance(by: .seconds(6))
                #expect(try await client.role(prefix, "g", "a") == 1)
            }
            try await client.send(.post, prefix.failover("g"), "{}").expectConflict("NoLiveStandby")
            try await client.send(.post, prefix.failover("g"), #"{"TargetSessionId":"b"}"#).expectConflict("NoLiveStandby")
            // A registered member that never heartbeated is no target either.
            try await client.register(prefix, "g", "c")
            try await client.send(.post, prefix.failover("g"), #"{"TargetSessionId":"c"}"#).expectConflict("NoLiveStandby")
            // A lone Primary has nobody to hand over to.
            try await client.createGroup(prefix, "solo")
            try await client.register(prefix, "solo", "x")
            #expect(try await client.role(prefix, "solo", "x") == 1)
            try await client.send(.post, prefix.failover("solo"), "{}").expectConflict("NoLiveStandby")
            // Nothing was recorded and nothing moved.
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 1))
            let types = try await client.events(prefix, "g").map { $0.string("Type") ?? "?" }
            #expect(!types.contains { $0.hasPrefix("Failover") }, "\(types)")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aSecondFailoverWhileOneRunsIsRefusedWithFailoverInProgress(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let first = try await client.requestFailover(prefix, "g")
            #expect(first.taskStatus == "RUNNING")
            let second = try await client.send(.post, prefix.failover("g"), #"{"TargetSessionId":"b"}"#)
            try second.expectConflict("FailoverInProgress")
            #expect(try second.string("Reason")?.contains(first.taskID) == true, "\(second.text)")
            // A running task cannot be cancelled.
            try await client.send(.delete, prefix.task(first.taskID)).expectConflict("TaskNotCancelable")
            #expect(try await client.task(prefix, first.taskID).taskStatus == "RUNNING")
        }
    }

    @Test func theCurrentPrimaryAsTargetIsRefusedWithTargetIsPrimary() async throws {
        let prefix = APIPrefix.onPremises
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            try await client.send(.post, prefix.failover("g"), #"{"TargetSessionId":"a"}"#).expectConflict("TargetIsPrimary")
        }
    }

    @Test func aPrimaryRoleOverrideIsRefusedWithRoleOverrideHolds() async throws {
        let prefix = APIPrefix.onPremises
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let set = try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":"Primary"}"#)
            #expect(set.status == .ok, "\(set.text)")
            try await client.send(.post, prefix.failover("g"), "{}").expectConflict("RoleOverrideHolds")
            try await client.send(.post, prefix.failover("g"), #"{"TargetSessionId":"b"}"#).expectConflict("RoleOverrideHolds")
            // Cleared, the failover is accepted.
            #expect(try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":"Off"}"#).status == .ok)
            _ = try await client.requestFailover(prefix, "g")
        }
    }

    @Test func finishedTasksCannotBeCancelled() async throws {
        let prefix = APIPrefix.onPremises
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let id = try await client.requestFailover(prefix, "g").taskID
            _ = try await client.heartbeatAll(prefix, "g", [("a", 100), ("b", 100)])
            #expect(try await client.task(prefix, id).taskStatus == "SUCCESS")
            try await client.send(.delete, prefix.task(id)).expectConflict("TaskNotCancelable")
            #expect(try await client.task(prefix, id).taskStatus == "SUCCESS")
        }
    }

    // MARK: Not found (404)

    @Test(arguments: APIPrefix.allCases)
    func unknownGroupsTargetsAndTasksAre404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            try await client.send(.post, prefix.failover("nope"), "{}").expectRefusal(.notFound)
            try await client.send(.post, prefix.failover("g"), #"{"TargetSessionId":"zz"}"#).expectRefusal(.notFound)
            try await client.send(.get, prefix.task("no-such-task")).expectRefusal(.notFound)
            try await client.send(.delete, prefix.task("no-such-task")).expectRefusal(.notFound)
            // Nothing was started by the refusals.
            #expect(try await client.status(prefix, "g").roles == StatusReading(primary: "a", epoch: 1))
        }
    }

    @Test func aTaskOfAnotherTenantOrNamespaceIs404() async throws {
        try await withBaton { client in
            let t1 = APIPrefix.cloud  // tenant t1, namespace n1
            try await client.groupWithPrimaryAndSecondary(t1)
            let at = wallTime(afterStart: 3600)
            let id = try await client.requestFailover(t1, "g", #"{"ScheduledTime":"\#(at)"}"#).taskID
            // v1-preview serves the same groups, so the same tasks.
            #expect(try await client.task(.preview, id).taskStatus == "QUEUED")
            for other in ["/api/v1/tenants/t2/namespaces/n1/clientfailover", "/api/v1/tenants/t1/namespaces/n2/clientfailover",
                          APIPrefix.onPremises.rawValue] {
                try await client.send(.get, other + "/tasks/" + id).expectRefusal(.notFound)
                try await client.send(.delete, other + "/tasks/" + id).expectRefusal(.notFound)
            }
            // The wrong-tenant DELETE cancelled nothing.
            #expect(try await client.task(t1, id).taskStatus == "QUEUED")
        }
    }

    // MARK: Bad input (400)

    @Test(arguments: APIPrefix.allCases)
    func badInputIs400(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let long = String(repeating: "x", count: 1001)
            for body in [#"{"TargetSessionId":5}"#, #"{"ScheduledTime":"tomorrow"}"#, #"{"Reason":\#(json(long))}"#,
                         #"{"Reason":"#, "not json", #"["b"]"#, #"{"TargetSessionId":"a/b"}"#, #"{"Reason":7}"#] {
                let reply = try await client.send(.post, prefix.failover("g"), body)
                #expect(reply.status == .badRequest, "\(body): \(reply.status) \(reply.text)")
                try reply.expectRefusal(.badRequest)
            }
            // Nothing was queued by the bad requests; a Reason of exactly 1000 characters is fine.
            let types = try await client.events(prefix, "g").map { $0.string("Type") ?? "?" }
            #expect(!types.contains { $0.hasPrefix("Failover") }, "\(types)")
            let accepted = try await client.requestFailover(prefix, "g", #"{"Reason":\#(json(String(repeating: "y", count: 1000)))}"#)
            #expect(try accepted.string("Reason")?.count == 1000)
        }
    }

    // MARK: Authentication: principals and roles

    @Test(arguments: [SecuredPaths.onPremises, SecuredPaths.cloud(tenant: "t1")])
    func theTimelineNamesThePrincipalAndRolesAreEnforced(paths: SecuredPaths) async throws {
        let baton = TestBaton(authentication: .required)
        defer { baton.removeFiles() }
        let tenant = paths.api.hasPrefix("/api/v1/tenants/t1") ? "t1" : "default"
        let users = try baton.addRoleUsers(tenant: tenant)
        try await baton.run { client in
            let admin = users.admin, member = users.credentials(.member)
            let op = users.credentials(.operator), reader = users.credentials(.reader)
            try await client.expectSuccess(.post, paths.groups, #"{"Id":"g","FailoverTimeout":"00:00:10","PreemptionPolicy":1}"#, as: admin)
            for session in ["a", "b"] {
                try await client.expectSuccess(.post, paths.sessions("g"), #"{"Id":"\#(session)"}"#, as: member)
            }
            #expect(try await client.expectSuccess(.post, paths.heartbeat("g", "a"), #"{"FailoverScore":100}"#, as: member).number("Role") == 1)
            #expect(try await client.expectSuccess(.post, paths.heartbeat("g", "b"), #"{"FailoverScore":100}"#, as: member).number("Role") == 0)

            let failover = paths.group("g") + "/failover"
            // Nobody, a reader and a member may not force a failover.
            try await client.send(.post, failover, "{}", as: .none).expectErrorResponse(.unauthorized)
            try await client.send(.post, failover, "{}", as: reader).expectErrorResponse(.forbidden)
            try await client.send(.post, failover, "{}", as: member).expectErrorResponse(.forbidden)

            let accepted = try await client.send(.post, failover, #"{"Reason":"maintenance"}"#, as: op)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            let id = accepted.taskID
            let principal = "user:\(users.name(.operator))"
            #expect(try accepted.string("Principal") == principal)
            let location = try #require(accepted.headers[.location])
            #expect(location == paths.api + "/tasks/" + id)

            // A reader can read the task but not cancel it; nobody unauthenticated can read it.
            let read = try await client.send(.get, location, as: reader)
            #expect(read.status == .ok, "\(read.text)")
            #expect(try read.string("Principal") == principal)
            try await client.send(.delete, location, as: reader).expectErrorResponse(.forbidden)
            try await client.send(.get, location, as: .none).expectErrorResponse(.unauthorized)

            // The handover is carried by the members' own heartbeats.
            #expect(try await client.expectSuccess(.post, paths.heartbeat("g", "a"), #"{"FailoverScore":100}"#, as: member).number("Role") == 0)
            let promoted = try await client.expectSuccess(.post, paths.heartbeat("g", "b"), #"{"FailoverScore":100}"#, as: member)
            #expect(try promoted.number("Role") == 1)
            #expect(try promoted.number("Epoch") == 2)
            #expect(try await client.send(.get, location, as: reader).taskStatus == "SUCCESS")

            let events = try await client.expectSuccess(.get, paths.group("g") + "/events?count=1000", as: reader).objects()
            func event(_ type: String, reason: String? = nil) -> JSONValue? {
                events.first { $0.string("Type") == type && (reason == nil || $0.string("Reason") == reason) }
            }
            for type in ["FailoverQueued", "FailoverStarted", "FailoverSucceeded"] {
                let found = event(type)
                #expect(found != nil, "no \(type) in \(events)")
                #expect(found?.string("Principal") == principal, "\(type): \(String(describing: found))")
                #expect(found?.string("Reason") == "forced", "\(type): \(String(describing: found))")
            }
            #expect(event("FailoverQueued")?.string("Detail")?.contains("maintenance") == true)
            let started = try #require(event("FailoverStarted"))
            #expect(started.string("From") == "a")
            #expect(started.string("To") == "b")
            let changed = try #require(event("PrimaryChanged", reason: "forced"), "\(events)")
            #expect(changed.string("Principal") == principal, "the change is the operator's, not the heartbeating member's")
            #expect(changed.string("From") == "a")
            #expect(changed.string("To") == "b")
            #expect(changed.number("Epoch") == 2)
            let succeeded = try #require(event("FailoverSucceeded"))
            #expect(succeeded.number("Epoch") == 2)
            #expect(succeeded.string("To") == "b")
        }
    }
}
