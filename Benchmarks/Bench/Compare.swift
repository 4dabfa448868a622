import ArgumentParser
import AsyncHTTPClient
import BatonClient
import Foundation

/// Options both comparisons share.
struct ComparisonOptions: ParsableArguments {
    @Option(help: "The Baton server.")
    var server = "http://127.0.0.1:5590"
    @Option(help: "etcd's client URL (its JSON gateway); omitted: Baton alone.")
    var etcd: String?
    @Option(help: "Baton's FailoverTimeout T and etcd's lease TTL, in seconds (etcd raises a TTL under its minimum, 2 s by default).")
    var ttl = 3
    @Option(help: "Rounds of each.")
    var rounds = 10
    @Flag(help: "Print what each Baton member does, as it does it (AgentActivity).")
    var trace = false

    func validate() throws {
        guard ttl >= 1, ttl <= 3600, rounds >= 1 else { throw ValidationError("--ttl 1…3600, --rounds ≥ 1") }
    }
}

/// Prints the two series and their ratio.
func compare(_ what: String, baton: Samples, etcd: Samples?, ttl: Int) {
    print("\(what), Baton (T = \(ttl) s): \(baton.summary)")
    guard let etcd, let etcdMedian = etcd.percentile(0.5), let batonMedian = baton.percentile(0.5),
          let etcdWorst = etcd.percentile(1), let batonWorst = baton.percentile(1) else { return }
    print("\(what), etcd (TTL = \(ttl) s): \(etcd.summary)")
    let ratio = etcdMedian.secondsValue / batonMedian.secondsValue
    let verdict = batonMedian < etcdMedian && batonWorst < etcdWorst ? "PASS" : "FAIL"
    print("\(what): etcd/Baton p50 \(String(format: "%.2f", ratio))×, Baton faster at p50 and max: \(verdict)")
}

/// (b) of issue 13: from the Primary's last beat to the successor acting. The Primary dies at
/// a random point of its heartbeat interval (its task ends without a word, as under SIGKILL).
struct UnplannedFailover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unplanned",
        abstract: "The Primary dies: its last heartbeat (keep-alive) to the successor acting, Baton's agent against etcd's election.")

    @OptionGroup var options: ComparisonOptions

    func run() async throws {
        let run = ProcessInfo.processInfo.processIdentifier
        var baton = Samples(), etcd = Samples()
        try await withHTTPClient { http in
            for round in 1...options.rounds {
                let lateness = Duration.milliseconds(Int.random(in: 0..<(options.ttl * 500)))
                let pair = try await MemberPair.start(server: options.server, group: "unplanned-\(run)-\(round)",
                                                      timeout: options.ttl, trace: options.trace)
                try await Task.sleep(for: lateness)
                await pair.primary.kill()
                guard let last = pair.primary.lastHeartbeatSent else { throw SimulationError("a sent no heartbeat") }
                let acting = try await pair.standbyBecamePrimary(after: last, within: .seconds(options.ttl * 3))
                await pair.stop()
                try check(pair.terms)
                baton.add(acting - last)
                var line = "round \(round): Baton \((acting - last).milliseconds)"
                if let endpoint = options.etcd {
                    let election = "unplanned-\(run)-\(round)"
                    let (a, _, b, successor) = try await EtcdMember.leaderAndCandidate(
                        endpoint, election: election, ttl: options.ttl, http: http)
                    try await Task.sleep(for: .milliseconds(options.ttl * 500) + lateness)
                    await a.die()
                    guard let lastBeat = a.lastBeat else { throw SimulationError("etcd member sent no keep-alive") }
                    _ = try await successor.value
                    let took = ContinuousClock.now - lastBeat
                    await b.leave()
                    etcd.add(took)
                    line += "   etcd \(took.milliseconds)"
                }
                print(line)
            }
        }
        compare("unplanned failover", baton: baton, etcd: options.etcd == nil ? nil : etcd, ttl: options.ttl)
        print("unplanned failover beyond T: Baton p50 \(((baton.percentile(0.5) ?? .zero) - .seconds(options.ttl)).milliseconds)"
              + (options.etcd == nil ? "" : ", etcd p50 \(((etcd.percentile(0.5) ?? .zero) - .seconds(options.ttl)).milliseconds)"))
    }
}

/// (c) of issue 13: a planned handover. etcd: the leader resigns and the standby's campaign
/// answers. Baton, two ways: the Primary's agent steps down (`stepDown()`, the counterpart of
/// resign: the leader gives the role up itself), and an operator's planned failover task to
/// the standby (which etcd has no counterpart for: someone must first tell the leader). Both
/// with hints; from the request to the successor acting.
struct PlannedHandover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover",
        abstract: "A planned handover: the request to the successor acting, Baton (hints) against etcd resign + campaign.")

    @OptionGroup var options: ComparisonOptions

    func run() async throws {
        let run = ProcessInfo.processInfo.processIdentifier
        var stepDown = Samples(), task = Samples(), etcd = Samples()
        try await withHTTPClient { http in
            for round in 1...options.rounds {
                var line = "round \(round):"
                let byMember = try await MemberPair.start(server: options.server, group: "stepdown-\(run)-\(round)", timeout: options.ttl, trace: options.trace)
                var asked = byMember.clock.now
                let steppingDown = Task { await byMember.primary.agent.stepDown() }
                var acting = try await byMember.standbyBecamePrimary(after: asked, within: .seconds(options.ttl * 3))
                await steppingDown.value
                await byMember.stop()
                try check(byMember.terms)
                stepDown.add(acting - asked)
                line += " Baton step-down \((acting - asked).milliseconds)"

                let byOperator = try await MemberPair.start(server: options.server, group: "handover-\(run)-\(round)", timeout: options.ttl, trace: options.trace)
                asked = byOperator.clock.now
                _ = try await byOperator.primary.client.requestFailover(
                    of: byOperator.primary.group, FailoverRequest(targetSessionID: "b", reason: "benchmark handover"))
                acting = try await byOperator.standbyBecamePrimary(after: asked, within: .seconds(options.ttl * 3))
                await byOperator.stop()
                try check(byOperator.terms)
                task.add(acting - asked)
                line += "   Baton failover task \((acting - asked).milliseconds)"

                if let endpoint = options.etcd {
                    let election = "handover-\(run)-\(round)"
                    let (a, leader, b, successor) = try await EtcdMember.leaderAndCandidate(
                        endpoint, election: election, ttl: options.ttl, http: http)
                    // b's campaign must be waiting before a resigns.
                    try await Task.sleep(for: .milliseconds(200))
                    let started = ContinuousClock.now
                    try await a.resign(leader)
                    _ = try await successor.value
                    let took = ContinuousClock.now - started
                    await a.leave()
                    await b.leave()
                    etcd.add(took)
                    line += "   etcd resign \(took.milliseconds)"
                }
                print(line)
            }
        }
        let etcdSeries = options.etcd == nil ? nil : etcd
        compare("planned handover (step-down)", baton: stepDown, etcd: etcdSeries, ttl: options.ttl)
        compare("planned handover (failover task)", baton: task, etcd: etcdSeries, ttl: options.ttl)
    }
}

/// An HTTP client for etcd, shut down after `body` whatever it throws.
func withHTTPClient(_ body: (HTTPClient) async throws -> Void) async throws {
    let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
    do {
        try await body(http)
    } catch {
        try? await http.shutdown()
        throw error
    }
    try await http.shutdown()
}
