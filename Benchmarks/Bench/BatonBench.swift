import ArgumentParser
import Foundation

/// Benchmarks and the fleet simulator: members built on the SDK's `HeartbeatAgent`, and the
/// same measurements made against etcd's election (Benchmarks/compare-etcd.sh runs them).
/// Not tests: they print every round and the figures, and exit non-zero only when a
/// promise broke (two members acting as Primary at once, an epoch given twice).
@main
struct BatonBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton-bench",
        abstract: "Drive Baton (and etcd) with many members; report role changes, latency and overlaps.",
        subcommands: [Simulate.self, UnplannedFailover.self, PlannedHandover.self]
    )
}

/// Each line straight to standard output, also into a file or a pipe (where `Swift.print`
/// buffers): a long run shows its rounds as they come, and a run cut short keeps them.
func print(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
