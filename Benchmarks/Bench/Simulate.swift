import ArgumentParser
import BatonClient
import Foundation

/// Many members against one server (or several instances of one shared-mode deployment), with
/// faults: members killed and restarted, stalled past their lease, planned failovers, score
/// drops. Reports role changes, heartbeat latency, failover times and any overlap.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a fleet of members (HeartbeatAgent) with faults; report latency, failovers, overlaps.")

    @Option(help: "Server URLs, comma-separated (instances of one deployment; members spread over them).")
    var server = "http://127.0.0.1:5590"
    @Option(help: "Members in all.")
    var sessions = 1000
    @Option(help: "Members per group.")
    var groupSize = 5
    @Option(help: "FailoverTimeout T of every group, in seconds.")
    var timeout = 10
    @Option(help: "How long to run, in seconds (after every member has started).")
    var duration = 60
    @Option(help: "A fault every this many seconds (0: none).")
    var faultInterval = 2.0
    @Option(help: "Members sharing one HTTP connection pool.")
    var membersPerClient = 25
    @Flag(help: "Members hold their hints streams (the server allows 32 streams per principal).")
    var hints = false
    @Option(help: "Group ids start with this (runs against one server do not collide).")
    var prefix = "sim"
    @Option(help: "Seed of the fault schedule.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...100_000).contains(sessions), (1...1_000).contains(groupSize), (1...1_000).contains(membersPerClient) else {
            throw ValidationError("--sessions 1…100000, --group-size 1…1000, --members-per-client 1…1000")
        }
        guard (1...3_600).contains(timeout), (1...86_400).contains(duration) else {
            throw ValidationError("--timeout 1…3600 seconds, --duration 1…86400 seconds")
        }
        guard faultInterval.isFinite, faultInterval == 0 || (0.01...3_600).contains(faultInterval) else {
            throw ValidationError("--fault-interval 0 (no faults) or 0.01…3600 seconds")
        }
    }

    func run() async throws {
        let fleet = try Fleet(servers: server.split(separator: ",").map(String.init), sessions: sessions,
                              groupSize: groupSize, timeout: .seconds(timeout), membersPerClient: membersPerClient,
                              followsHints: hints, prefix: prefix)
        print("simulate: \(sessions) members in \(fleet.groups.count) groups, T = \(timeout) s, \(duration) s, "
              + (faultInterval > 0 ? "a fault every \(faultInterval) s" : "no faults") + (hints ? ", hints on" : ""))
        await fleet.startAll()
        try await fleet.waitForPrimaries(within: .seconds(timeout * 3))
        let report = await fleet.run(for: .seconds(duration), faultEvery: faultInterval > 0 ? .seconds(faultInterval) : nil,
                                     seed: seed)
        await fleet.stopAll()
        report.show(timeout: .seconds(timeout), terms: fleet.terms)
        try check(fleet.terms)
        print("overlaps: none (\(fleet.terms.terms.count) Primary terms checked)")
    }
}
