import BatonClient
import BatonTestSupport
import Foundation
import Testing

/// `baton run` with real processes: two members over one shell command, a real server; the
/// command appends what it does (with its session and epoch) to a shared log, so the log shows
/// whether two ever ran at once.
@Suite struct RunCommandTests {
    /// Appends `start S E`, then `tick S E` every 50 ms, and on SIGTERM, after 0.3 s of
    /// cleaning up (within the grace), `stop S E`.
    static func script(log: URL) -> String {
        let file = "'\(log.path)'"
        return """
            trap 'sleep 0.3; echo "stop $BATON_SESSION $BATON_EPOCH" >> \(file); exit 0' TERM
            echo "start $BATON_SESSION $BATON_EPOCH $BATON_GROUP" >> \(file)
            while true; do echo "tick $BATON_SESSION $BATON_EPOCH" >> \(file); sleep 0.05; done
            """
    }

    static func lines(_ log: URL) -> [[String]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    /// Whose command's lines these are, term by term: a new term begins at each `start`; lines
    /// of a term that is over never come after another's start. Answers the terms in order.
    static func terms(_ log: URL) -> [(session: String, epoch: Int)] {
        var terms: [(session: String, epoch: Int)] = []
        for line in lines(log) where line.count >= 3 {
            let term = (session: line[1], epoch: Int(line[2]) ?? -1)
            if line[0] == "start" { terms.append(term) }
        }
        return terms
    }

    /// Every line belongs to the latest term started, and epochs only grow (the same member
    /// may start again with the same epoch: the role it held came back after a restart).
    static func checkNoOverlap(_ log: URL) {
        var current: (session: String, epoch: Int)?
        var lastEpoch = Int.min
        for line in lines(log) where line.count >= 3 {
            let term = (session: line[1], epoch: Int(line[2]) ?? -1)
            if line[0] == "start" {
                let again = current?.session == term.session && term.epoch == lastEpoch
                #expect(term.epoch > lastEpoch || again, "epochs went down: \(line)\n\(lines(log))")
                lastEpoch = term.epoch
                current = term
            } else {
                #expect(current?.session == term.session && current?.epoch == term.epoch,
                        "\(line) came while \(String(describing: current)) ran")
            }
        }
    }

    func member(_ server: LiveServer, _ session: String, log: URL) async throws -> RunningProcess {
        try await server.batonInBackground(["run", "--group", "g", "--session", session, "--", "/bin/sh", "-c", Self.script(log: log)])
    }

    @Test func aKilledMembersCommandDiesWithItAndTheOtherTakesOver() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in try await client.makeGroup("g", sessions: [], timeout: "00:00:02") }
            let log = server.directory.appendingPathComponent("commands.log")
            let a = try await member(server, "a", log: log)
            defer { a.send(.kill) }
            try await eventually("a's command runs") { Self.terms(log).first?.session == "a" }
            let b = try await member(server, "b", log: log)
            defer { b.send(.kill) }
            try await eventually("b is registered") { b.output.contains("registered") }
            #expect(Self.terms(log).count == 1)
            #expect(Self.lines(log).first?.last == "g")

            await a.kill()
            try await eventually("b's command runs", timeout: .seconds(20)) { Self.terms(log).last?.session == "b" }
            // a's command died with it: nothing of a after b started, and nothing more later.
            try await Task.sleep(for: .milliseconds(500))
            Self.checkNoOverlap(log)
            #expect(Self.terms(log).map(\.session) == ["a", "b"])

            #expect(try await b.terminate() == 0, "\(b.output)")
            #expect(Self.lines(log).last?.first == "stop", "\(Self.lines(log).suffix(3))")
            let sessions = try await server.withClient { client in try await client.allSessions(in: "g").map(\.id) }
            #expect(sessions == ["a"])
        }
    }

    @Test func theCommandFollowsTheRoleBackAndForthAndStopsOnSIGTERM() async throws {
        try await LiveServer.with { server in
            try await server.withClient { client in
                try await client.makeGroup("g", sessions: [], timeout: "00:00:02")
                let log = server.directory.appendingPathComponent("commands.log")
                let a = try await member(server, "a", log: log)
                defer { a.send(.kill) }
                try await eventually("a's command runs") { Self.terms(log).count == 1 }
                let b = try await member(server, "b", log: log)
                defer { b.send(.kill) }
                try await eventually("b heartbeats") { (try? await client.session("b", in: "g"))?.isLive == true }

                _ = try await client.requestFailover(of: "g", FailoverRequest(targetSessionID: "b"))
                try await eventually("b's command runs") { Self.terms(log).count == 2 }
                _ = try await client.requestFailover(of: "g", FailoverRequest(targetSessionID: "a"))
                try await eventually("a's command runs again") { Self.terms(log).count == 3 }

                // SIGTERM: a stops its command, steps down and exits 0; b takes over at once.
                #expect(try await a.terminate() == 0, "\(a.output)")
                try await eventually("b's command runs again") { Self.terms(log).count == 4 }
                #expect(try await b.terminate() == 0, "\(b.output)")

                Self.checkNoOverlap(log)
                #expect(Self.terms(log).map(\.session) == ["a", "b", "a", "b"])
                // Each term's command was stopped with SIGTERM before the next started.
                let stops = Self.lines(log).filter { $0.first == "stop" }.map { $0[1] }
                #expect(stops == ["a", "b", "a", "b"], "\(Self.lines(log).filter { $0.first != "tick" })")
                #expect(try await client.allSessions(in: "g").isEmpty)
            }
        }
    }

    @Test func theCommandStopsBeforeTheLeaseWhenTheCoordinatorIsKilledAndStartsAgainWhenItIsBack() async throws {
        let first = try await LiveServer()
        try await first.withClient { client in try await client.makeGroup("g", sessions: [], timeout: "00:00:02") }
        let log = first.directory.appendingPathComponent("commands.log")
        let a = try await member(first, "a", log: log)
        defer { a.send(.kill) }
        try await eventually("a's command runs") { Self.terms(log).count == 1 }

        await first.crash()
        let crashed = ContinuousClock.now
        // No heartbeat is answered: SIGTERM when only the grace (T/4) is left of the lease,
        // which ends 0.9 T = 1.8 s after the last answered heartbeat was sent.
        try await eventually("a's command is stopped", timeout: .seconds(10)) { Self.lines(log).last?.first == "stop" }
        #expect(ContinuousClock.now - crashed < .milliseconds(1800) + .seconds(1), "\(a.output)")
        #expect(a.isRunning)

        let second = try await LiveServer(port: first.port, directory: first.directory)
        try await eventually("a's command runs again", timeout: .seconds(15)) { Self.terms(log).count == 2 }
        #expect(try await a.terminate() == 0, "\(a.output)")
        Self.checkNoOverlap(log)
        #expect(Self.terms(log).map(\.session) == ["a", "a"])
        await second.stop()
    }
}
