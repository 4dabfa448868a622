import BatonClient
import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs `baton run`'s command during each Primary term of the agent, and makes sure it is gone
/// before the term's lease is: SIGTERM to its process group when the role is lost (or when
/// `grace` is all that is left of a lease that was not renewed), SIGKILL after the grace and at
/// the lease deadline at the latest.
struct CommandSupervisor: Sendable {
    let agent: HeartbeatAgent
    let command: [String]
    /// Asked for; the grace used is at most 0.3 T (default T/4), so a lease renewed on time
    /// (every T/2, leaving 0.4 T) never triggers it.
    let grace: Duration?

    enum TermEnd {
        /// The role was lost or the lease is about to run out: the command was stopped.
        case lost
        /// The command ended by itself, with this status, while the role held.
        case exited(Int32)
    }

    /// Runs the command in each term until the agent stops; answers the command's status when
    /// it ended by itself (after which the member steps down).
    func run() async -> Int32? {
        while true {
            do {
                let end = try await agent.withPrimaryRole { epoch in
                    // Not cancelled with the work: the command is stopped on its own schedule
                    // (SIGTERM, grace, SIGKILL) when the term ends, never killed at once.
                    await Task { await runTerm(epoch: epoch) }.value
                }
                switch end {
                case .lost:
                    // Only the grace was left of the lease: wait for a renewal or the loss.
                    try await Task.sleep(for: .milliseconds(20))
                case .exited(let status):
                    RunLog.say("the command exited (status \(status)) while Primary: stepping down")
                    await agent.stepDown()
                    return status
                }
            } catch HeartbeatAgentError.roleLost {
                continue
            } catch {
                return nil
            }
        }
    }

    /// The grace for the lease in force now.
    func effectiveGrace() -> Duration {
        let timeout = agent.failoverTimeout ?? .seconds(60)
        let most = timeout * 3 / 10
        return min(grace ?? timeout / 4, most)
    }

    /// Returns once the term of `epoch` is over for the command: the role was lost (or the
    /// epoch changed), or only the grace is left of a lease not yet renewed. Answers the
    /// latest deadline the term had.
    func termEnds(epoch: Int) async -> MonotonicInstant {
        let agent = agent
        let latest = ManagedDeadline(agent.deadline ?? agent.clock.now)
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for await state in agent.states {
                    guard case .primary(let current, _) = state, current == epoch else { return }
                }
            }
            tasks.addTask {
                while !Task.isCancelled {
                    guard case .primary(let current, let deadline) = agent.state, current == epoch else { return }
                    latest.set(deadline)
                    let warning = deadline - effectiveGrace()
                    if agent.clock.now >= warning { return }
                    try? await agent.clock.sleep(until: warning)
                }
            }
            await tasks.next()
            tasks.cancelAll()
        }
        return latest.value
    }

    /// This executable (for `baton run-child`).
    static var ownExecutable: String {
        #if os(Linux)
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        #else
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        #endif
    }

    func runTerm(epoch: Int) async -> TermEnd {
        guard let deadline = agent.deadline, deadline - agent.clock.now > effectiveGrace() else { return .lost }
        var platform = PlatformOptions()
        // Its own process group: a shell's children get the signals too.
        platform.processGroupID = 0
        let environment = Environment.inherit.updating([
            "BATON_EPOCH": "\(epoch)", "BATON_GROUP": agent.group, "BATON_SESSION": agent.session,
        ])
        do {
            // Through `baton run-child`, which kills the group should this process die: the
            // pipe on its standard input is never written, only closed.
            let result = try await Subprocess.run(
                .path(FilePath(Self.ownExecutable)), arguments: Arguments(["run-child", "--"] + command),
                environment: environment, platformOptions: platform, input: .inputWriter, output: .sequence,
                error: .fileDescriptor(.standardError, closeAfterSpawningProcess: false)
            ) { execution -> Bool in
                RunLog.say("epoch \(epoch): started \(command[0]) (pid \(execution.processIdentifier.value))")
                let lost = await supervise(execution, epoch: epoch)
                // Whatever it left behind in its group goes too (the child is not reaped yet,
                // so the group id cannot have been reused).
                try? execution.send(signal: .kill, toProcessGroup: true)
                return lost
            }
            RunLog.say("epoch \(epoch): \(command[0]) ended (\(result.terminationStatus))")
            if result.closureResult { return .lost }
            switch result.terminationStatus {
            case .exited(let code): return .exited(code)
            case .signaled(let signal): return .exited(128 + signal)
            }
        } catch {
            RunLog.say("epoch \(epoch): cannot run \(command[0]): \(error)")
            return .exited(127)
        }
    }

    /// Forwards the command's output until it exits; stops it when the term ends first.
    /// Answers whether the term ended (true) or the command exited by itself (false).
    private func supervise(_ execution: Execution<CustomWriteInput, SequenceOutput, FileDescriptorOutput>, epoch: Int) async -> Bool {
        let output = execution.standardOutput
        enum First: Sendable { case exited, termEnded(MonotonicInstant) }
        let (events, event) = AsyncStream<First>.makeStream()
        // Unstructured, so that neither waits for the other: the first to finish decides.
        let exited = Task {
            do {
                for try await buffer in output {
                    buffer.withUnsafeBytes { bytes in FileHandle.standardOutput.write(Data(bytes)) }
                }
            } catch {}
            event.yield(.exited)
        }
        let watcher = Task { event.yield(.termEnded(await termEnds(epoch: epoch))) }
        var first = First.exited
        for await next in events {
            first = next
            break
        }
        watcher.cancel()
        guard case .termEnded(let deadline) = first else { return false }
        let now = agent.clock.now
        let killAt = min(now + effectiveGrace(), max(deadline, now))
        RunLog.say("epoch \(epoch): the role is ending: SIGTERM, SIGKILL in \(killAt - now) at the latest")
        try? execution.send(signal: .terminate, toProcessGroup: true)
        let clock = agent.clock
        let killer = Task {
            guard (try? await clock.sleep(until: killAt)) != nil else { return }
            RunLog.say("epoch \(epoch): still running at the end of the grace: SIGKILL")
            try? execution.send(signal: .kill, toProcessGroup: true)
        }
        await exited.value
        killer.cancel()
        await killer.value
        return true
    }
}
