import BatonClient
import Foundation
import Synchronization
import Testing

/// The member side of the lease contract (docs/lease-contract.md), kept by `HeartbeatAgent`
/// against a real `baton serve`. Where timing matters the agent runs on a `ManualClock`, so
/// deadlines are checked to the nanosecond whatever the machine's load; the server keeps its
/// own (real) clock, with a T long enough that it never expires anyone meanwhile.
@Suite struct HeartbeatAgentTests {
    /// An agent on a manual clock with no jitter, no hints, recording what it does.
    static func manualAgent(_ client: BatonClient, session: String = "a", clock: ManualClock, recorder: AgentRecorder,
                            group: String = "g") -> HeartbeatAgent {
        HeartbeatAgent(
            client: client, group: group, session: session,
            options: .init(followsHints: false, jitter: 0, observer: recorder.observer), clock: clock) { 100 }
    }

    /// A live server, group "g" with T = 10 s, and agent "a" on a manual clock running: what
    /// most of these tests start from.
    static func withManualAgent(
        _ body: (LiveServer, BatonClient, HeartbeatAgent, ManualClock, AgentRecorder) async throws -> Void
    ) async throws {
        try await LiveServer.with { server in
            try await server.withMemberClient { client in
                try await client.makeGroup("g", sessions: [], timeout: "00:00:10")
                let clock = ManualClock()
                let recorder = AgentRecorder()
                let agent = manualAgent(client, clock: clock, recorder: recorder)
                try await running(agent) { try await body(server, client, agent, clock, recorder) }
            }
        }
    }

    @Test func aPrimaryDemotesItselfExactlyAtSendPlusNineTenthsOfT() async throws {
        try await Self.withManualAgent { server, client, agent, clock, recorder in
            let sent = try await recorder.nextSend()
            #expect(try await recorder.nextAnswer().0.role == .primary)
            try await recorder.nextPrimaryState()
            #expect(agent.isPrimary)
            #expect(agent.deadline == sent + .seconds(9))

            // From now on no heartbeat is answered.
            await server.shutDownKeepingData()
            clock.advance(to: sent + .seconds(5))
            #expect(try await recorder.nextSend() == sent + .seconds(5))
            try await recorder.next("the heartbeat to fail") { activity in
                if case .heartbeatFailed = activity { return true }
                return nil
            }
            // A failed heartbeat neither ends nor extends the lease.
            #expect(agent.isPrimary)
            #expect(agent.deadline == sent + .seconds(9))

            clock.advance(to: sent + .seconds(9) - .nanoseconds(1))
            try await Task.sleep(for: .milliseconds(300))
            #expect(agent.isPrimary)
            #expect(agent.state.isPrimaryState)

            clock.advance(to: sent + .seconds(9))
            #expect(!agent.isPrimary)
            #expect(agent.epoch == nil)
            try await eventually("the agent demotes itself") { agent.state == .secondary }
            let demotion = recorder.stateChanges.last
            #expect(demotion?.state == .secondary)
            #expect(demotion?.at == sent + .seconds(9))
        }
    }

    @Test func aSlowAnswerShortensTheLeaseAndALateOneGrantsNothing() async throws {
        try await LiveServer.with { server in
            defer { server.send(.resume) }
            try await server.withMemberClient { client in
                try await client.makeGroup("g", sessions: [], timeout: "00:00:10")
                let clock = ManualClock()
                let recorder = AgentRecorder()
                let agent = Self.manualAgent(client, clock: clock, recorder: recorder)
                try await running(agent) {
                    let first = try await recorder.nextSend()
                    #expect(try await recorder.nextAnswer().0.role == .primary)

                    // The second heartbeat is answered 3 s (on the agent's clock) after it was sent.
                    server.send(.suspend)
                    clock.advance(to: first + .seconds(5))
                    let second = try await recorder.nextSend()
                    #expect(second == first + .seconds(5))
                    clock.advance(to: first + .seconds(8))
                    server.send(.resume)
                    let (answer, sentAt) = try await recorder.nextAnswer()
                    #expect(answer.role == .primary)
                    #expect(sentAt == second)
                    // From the send time, not from the answer's arrival (first + 17 s).
                    #expect(agent.deadline == second + .seconds(9))

                    // The third is answered only after its own deadline: it grants nothing.
                    server.send(.suspend)
                    clock.advance(to: second + .seconds(5))
                    let third = try await recorder.nextSend()
                    #expect(third == second + .seconds(5))
                    clock.advance(to: second + .seconds(9))
                    try await eventually("the lease of the second heartbeat runs out") { agent.state == .secondary }
                    clock.advance(to: third + .seconds(9) + .milliseconds(500))
                    server.send(.resume)
                    let (late, lateSent) = try await recorder.nextAnswer()
                    #expect(late.role == .primary)
                    #expect(lateSent == third)
                    try await Task.sleep(for: .milliseconds(300))
                    let granted = recorder.stateChanges.compactMap { change -> MonotonicInstant? in
                        if case .primary(_, let deadline) = change.state { return deadline }
                        return nil
                    }
                    #expect(!granted.contains(third + .seconds(9)), "a lease ended before its answer came was granted: \(granted)")
                    // Every lease the agent held ran from a send time.
                    #expect(granted.first == first + .seconds(9))
                }
            }
        }
    }

    @Test func aDeletedSessionIsRegisteredAgain() async throws {
        try await Self.withManualAgent { server, client, agent, clock, recorder in
            let sent = try await recorder.nextSend()
            let (answer, _) = try await recorder.nextAnswer()
            #expect(answer.role == .primary)

            try await client.removeSession("a", from: "g")
            clock.advance(to: sent + .seconds(5))
            try await recorder.next("a 404") { activity in
                if case .sessionNotFound = activity { return true }
                return nil
            }
            try await recorder.next("the registration") { activity in
                if case .registered = activity { return true }
                return nil
            }
            // Registered again and heartbeating at once, without waiting for the clock.
            let (again, _) = try await recorder.nextAnswer()
            #expect(again.role == .primary)
            #expect(again.epoch > answer.epoch)
            try await eventually("the agent is Primary again") { agent.epoch == again.epoch }
            #expect(try await client.session("a", in: "g").role == .primary)
            // It stopped being Primary of the old epoch when the 404 came, before the new one.
            let states = recorder.stateChanges.map(\.state)
            #expect(states.map(\.description).count >= 3)
            #expect(states.contains(.secondary))
            #expect(clock.now == sent + .seconds(5))
        }
    }

    @Test func aShortenedTimeoutIsFollowedFromTheNextAnswer() async throws {
        try await Self.withManualAgent { server, client, agent, clock, recorder in
            let sent = try await recorder.nextSend()
            try await recorder.nextAnswer()
            // The answer is reported just before it is applied.
            try await eventually("the answer is applied") { agent.deadline != nil }
            #expect(agent.deadline == sent + .seconds(9))

            try await client.putGroup(GroupConfiguration(id: "g", failoverTimeout: "00:00:02",
                                                         preemptionPolicy: PreemptionPolicy.none))
            clock.advance(to: sent + .seconds(5))
            let (answer, second) = try await recorder.nextAnswer()
            #expect(answer.failoverTimeout == "00:00:02")
            #expect(answer.role == .primary)
            #expect(agent.failoverTimeout == .seconds(2))
            // 0.9 × the new T from this send, not 0.9 × 10 s.
            #expect(agent.deadline == second + .milliseconds(1800))
            // And the pace follows: the next heartbeat is due T/2 = 1 s later.
            clock.advance(to: second + .seconds(1))
            #expect(try await recorder.nextSend() == second + .seconds(1))
        }
    }

    @Test func aHintIsFollowedSoAPlannedFailoverCompletesWellUnderAHeartbeatInterval() async throws {
        try await LiveServer.with { server in
            try await server.withMemberClient { client in
                // T = 20 s: without hints a handover waits for heartbeats up to 10 s apart.
                try await client.makeGroup("g", sessions: [], timeout: "00:00:20")
                let recordA = AgentRecorder()
                let recordB = AgentRecorder()
                let a = HeartbeatAgent(client: client, group: "g", session: "a", options: .init(observer: recordA.observer)) { 100 }
                let b = HeartbeatAgent(client: client, group: "g", session: "b", options: .init(observer: recordB.observer)) { 100 }
                try await running(a) {
                    try await eventually("a is Primary") { a.isPrimary }
                    try await running(b) {
                        try await eventually("b has heard its role") { b.state == .secondary && recordB.all.contains { if case .answered = $0 { true } else { false } } }
                        for recorder in [recordA, recordB] {
                            try await recorder.next("the hints stream") { activity in
                                if case .listeningForHints = activity { return true }
                                return nil
                            }
                        }
                        let start = ContinuousClock.now
                        _ = try await client.requestFailover(of: "g", FailoverRequest(targetSessionID: "b"))
                        try await eventually("b is Primary", timeout: .seconds(30)) { b.isPrimary }
                        let took = ContinuousClock.now - start
                        #expect(!a.isPrimary)
                        #expect(took < .seconds(3), "the planned failover took \(took)")
                        #expect(recordB.all.contains { if case .hintReceived = $0 { true } else { false } })
                    }
                }
            }
        }
    }

    /// Without hints, a successor used to learn of a step-down at its next heartbeat, up to
    /// T/2 later; its held heartbeat (`Baton-Hold`) is answered the moment the handover is
    /// committed, and that answer, sent before the step-down, brings the role.
    @Test func aHeldAnswerBringsThePromotionWithoutAHintOrAnotherHeartbeat() async throws {
        try await LiveServer.with { server in
            try await server.withMemberClient { client in
                try await client.makeGroup("g", sessions: [], timeout: "00:00:20")
                let (recordA, recordB) = (AgentRecorder(), AgentRecorder())
                var options = HeartbeatAgent.Options(followsHints: false, observer: recordB.observer)
                options.holdsAnswers = true
                let a = HeartbeatAgent(client: client, group: "g", session: "a",
                                       options: .init(followsHints: false, observer: recordA.observer)) { 100 }
                let b = HeartbeatAgent(client: client, group: "g", session: "b", options: options) { 100 }
                func sends() -> Int {
                    recordB.all.filter { if case .heartbeatSent = $0 { true } else { false } }.count
                }
                try await running(a) {
                    try await eventually("a is Primary") { a.isPrimary }
                    try await running(b) {
                        try await eventually("b has heard it is Secondary") {
                            recordB.all.contains { if case .answered(let answer, _, _) = $0 { answer.role == .secondary } else { false } }
                        }
                        // That answer was held up to the interval; the next heartbeat goes out at the
                        // pace (sent + a fresh interval, which with jitter may be later than the
                        // answer), and is held in turn. Long enough after it is sent to be waiting.
                        try await eventually("b's next heartbeat is sent") { sends() == 2 }
                        try await Task.sleep(for: .milliseconds(300))
                        let sentBefore = sends()
                        let start = ContinuousClock.now
                        await a.stepDown()
                        try await eventually("b is Primary", timeout: .seconds(30)) { b.isPrimary }
                        let took = ContinuousClock.now - start
                        #expect(took < .seconds(3), "the successor took \(took), not T/2 = 10 s")
                        #expect(sends() == sentBefore, "the held answer brought the role, not another heartbeat")
                    }
                }
            }
        }
    }

    @Test func theGuardedWorkIsCancelledWhenTheLeaseRunsOut() async throws {
        try await Self.withManualAgent { server, _, agent, clock, recorder in
            let started = Locked<Int?>(nil)
            let cancelledAt = Locked<MonotonicInstant?>(nil)
            let work = Task {
                try await agent.withPrimaryRole { epoch in
                    started.withLock { $0 = epoch }
                    do {
                        try await Task.sleep(for: .seconds(3600))
                    } catch {
                        cancelledAt.withLock { $0 = clock.now }
                        throw error
                    }
                }
            }
            defer { work.cancel() }
            let sent = try await recorder.nextSend()
            try await eventually("the work runs") { started.withLock { $0 } != nil }
            #expect(started.withLock { $0 } == agent.epoch)

            await server.shutDownKeepingData()
            clock.advance(to: sent + .seconds(5))
            try await recorder.next("the heartbeat to fail") { activity in
                if case .heartbeatFailed = activity { return true }
                return nil
            }
            clock.advance(to: sent + .seconds(9) - .nanoseconds(1))
            try await Task.sleep(for: .milliseconds(300))
            #expect(cancelledAt.withLock { $0 } == nil)

            clock.advance(to: sent + .seconds(9))
            try await eventually("the work is cancelled") { cancelledAt.withLock { $0 } != nil }
            #expect(cancelledAt.withLock { $0 } == sent + .seconds(9))
            let outcome = await work.result
            switch outcome {
            case .failure(HeartbeatAgentError.roleLost(let epoch)): #expect(epoch == started.withLock { $0 })
            default: Issue.record("withPrimaryRole ended with \(outcome)")
            }
        }
    }

    @Test func stepDownHandsTheRoleOverAndDeregisters() async throws {
        try await LiveServer.with { server in
            try await server.withMemberClient { client in
                try await client.makeGroup("g", sessions: [], timeout: "00:00:20")
                let (recordA, recordB) = (AgentRecorder(), AgentRecorder())
                let a = HeartbeatAgent(client: client, group: "g", session: "a", options: .init(observer: recordA.observer)) { 100 }
                let b = HeartbeatAgent(client: client, group: "g", session: "b", options: .init(observer: recordB.observer)) { 100 }
                try await running(a, b) {
                    try await eventually("someone is Primary") { a.isPrimary || b.isPrimary }
                    let (leaving, staying, left) = a.isPrimary ? (a, b, "a") : (b, a, "b")
                    try await eventually("both have heard their role") { staying.state == .secondary }
                    // The successor hears of the step-down by its hint only once its stream is
                    // open; before, it would learn at its next heartbeat, up to T/2 later.
                    try await (a === staying ? recordA : recordB).next("the successor's hints stream") { activity in
                        if case .listeningForHints = activity { return true }
                        return nil
                    }
                    let start = ContinuousClock.now
                    await leaving.stepDown()
                    #expect(leaving.state == .stopped)
                    #expect(!leaving.isPrimary)
                    try await eventually("the other takes over") { staying.isPrimary }
                    #expect(ContinuousClock.now - start < .seconds(8))
                    let sessions = try await client.allSessions(in: "g").map(\.id)
                    #expect(!sessions.contains(left))
                }
            }
        }
    }

    @Test func aPlannedFailoverWaitsForTheOldPrimarysGuardedWorkToEnd() async throws {
        try await LiveServer.with { server in
            try await server.withMemberClient { client in
                try await client.makeGroup("g", sessions: [], timeout: "00:00:20")
                let log = Locked<[String]>([])
                let agents = ["a", "b"].map { HeartbeatAgent(client: client, group: "g", session: $0) { 100 } }
                // Each member's work takes 300 ms to clean up after it is cancelled.
                let works = zip(["a", "b"], agents).map { name, agent in
                    Task {
                        while !Task.isCancelled {
                            try? await agent.withPrimaryRole { epoch in
                                log.withLock { $0.append("start \(name)") }
                                try? await Task.sleep(for: .seconds(3600))
                                await Task.detached { try? await Task.sleep(for: .milliseconds(300)) }.value
                                log.withLock { $0.append("stop \(name)") }
                            }
                        }
                    }
                }
                defer { for work in works { work.cancel() } }
                try await running(agents[0]) {
                    try await eventually("a works") { log.value == ["start a"] }
                    try await running(agents[1]) {
                        try await eventually("b heartbeats") { (try? await client.session("b", in: "g"))?.isLive == true }
                        try await Task.sleep(for: .milliseconds(200))
                        _ = try await client.requestFailover(of: "g", FailoverRequest(targetSessionID: "b"))
                        try await eventually("b works") { log.value.contains("start b") }
                        #expect(log.value == ["start a", "stop a", "start b"])
                    }
                }
            }
        }
    }

    @Test func anUnreachableServerIsPassedOverForTheNextInTheSameBeat() async throws {
        try await LiveServer.with { first in
            try await LiveServer.with { second in
                try await first.withMemberClient { one in
                    try await second.withMemberClient { two in
                        // Two coordinators stand in for two instances of one deployment here.
                        try await one.makeGroup("g", sessions: [], timeout: "00:00:10")
                        try await two.makeGroup("g", sessions: [], timeout: "00:00:10")
                        let clock = ManualClock()
                        let recorder = AgentRecorder()
                        let agent = HeartbeatAgent(
                            clients: [one, two], group: "g", session: "a",
                            options: .init(followsHints: false, jitter: 0, observer: recorder.observer), clock: clock) { 100 }
                        try await running(agent) {
                            let (answer, sent) = try await recorder.nextAnswer()
                            #expect(answer.role == .primary)
                            await first.crash()
                            clock.advance(to: sent + .seconds(5))
                            let failed = try await recorder.next("the heartbeat to the first to fail") { activity -> MonotonicInstant? in
                                if case .heartbeatFailed(_, let at, let server) = activity, server == first.url { return at }
                                return nil
                            }
                            #expect(failed == sent + .seconds(5))
                            // The same beat goes to the next server at once, and the lease runs from there.
                            let (again, resent) = try await recorder.nextAnswer()
                            #expect(again.role == .primary)
                            #expect(resent == sent + .seconds(5))
                            #expect(agent.deadline == resent + .seconds(9))
                            #expect(try await two.session("a", in: "g").role == .primary)
                            // And it stays there.
                            clock.advance(to: resent + .seconds(5))
                            let next = try await recorder.next("the next heartbeat") { activity -> String? in
                                if case .heartbeatSent(_, _, let server) = activity { return server }
                                return nil
                            }
                            #expect(next == second.url)
                        }
                    }
                }
            }
        }
    }

    @Test func aHintThatArrivesWhileAHeartbeatIsUnderWayBringsAnotherOne() async throws {
        try await LiveServer.with { server in
            try await server.withMemberClient { client in
                try await client.makeGroup("g", sessions: ["a"], timeout: "00:00:20")
                // a is Primary and heartbeats by hand (it hears no hints, so nothing else moves).
                _ = try await client.heartbeat("a", in: "g", Heartbeat(failoverScore: 100))
                let clock = ManualClock()
                let recorder = AgentRecorder()
                // b's second heartbeat is held while its score is being read, after the
                // "heartbeat now" flag has been lowered for it.
                let asked = Locked(0)
                let gate = Locked(false)
                let b = HeartbeatAgent(
                    client: client, group: "g", session: "b",
                    options: .init(jitter: 0, observer: recorder.observer), clock: clock) {
                    let call = asked.withLock { $0 += 1; return $0 }
                    while call == 2, !gate.value { try? await Task.sleep(for: .milliseconds(10)) }
                    return 100
                }
                try await running(b) {
                    let first = try await recorder.nextSend()
                    #expect(try await recorder.nextAnswer().0.role == .secondary)
                    try await eventually("b listens for hints") {
                        recorder.all.contains { if case .listeningForHints = $0 { true } else { false } }
                    }
                    clock.advance(to: first + .seconds(10))
                    try await eventually("b's second heartbeat is under way") { asked.value == 2 }

                    _ = try await client.requestFailover(of: "g", FailoverRequest(targetSessionID: "b"))
                    try await recorder.next("the Chosen hint") { activity in
                        if case .hintReceived(let hint) = activity, hint.hint == "Chosen" { return true }
                        return nil
                    }
                    gate.withLock { $0 = true }
                    #expect(try await recorder.nextSend() == first + .seconds(10))
                    try await recorder.nextAnswer()
                    // The hint came after that heartbeat's flag was lowered: one more follows at
                    // once (the clock does not move), not at the next tick.
                    #expect(try await recorder.nextSend(timeout: .seconds(5)) == first + .seconds(10))
                }
            }
        }
    }

    @Test func registrationUsesAGroupThatExistsAsItIsAndStopsOnASessionIdTaken() async throws {
        try await LiveServer.with { server in
            try await server.withMemberClient { client in
                try await client.makeGroup("g", sessions: [], timeout: "00:00:10")
                try await client.registerSession("taken", name: "someone else", in: "g")
                // Another configuration than the group's: the group is used, never overwritten.
                let wanted = GroupConfiguration(id: "g", failoverTimeout: "00:00:30")
                let agent = HeartbeatAgent(client: client, group: "g", session: "a",
                                           options: .init(name: "a", groupConfiguration: wanted)) { 100 }
                try await running(agent) {
                    try await eventually("a is Primary") { agent.isPrimary }
                    #expect(agent.failoverTimeout == .seconds(10))
                    #expect(try await client.group("g").failoverTimeout == "00:00:10")
                }
                // A session id taken with another name: the agent stops and says why.
                let refused = HeartbeatAgent(client: client, group: "g", session: "taken",
                                             options: .init(name: "me")) { 100 }
                let run = Task { try await refused.run() }
                defer { run.cancel() }
                try await eventually("the agent stops") { refused.state == .stopped }
                switch await run.result {
                case .failure(HeartbeatAgentError.registrationRefused(let error)): #expect(error.status == 409)
                case let outcome: Issue.record("run() ended with \(outcome)")
                }
            }
        }
    }
}
