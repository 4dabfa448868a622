import ArgumentParser
import BatonClient
import Foundation

/// `baton run --group G --session S [--server URL[,URL…]] [--score N] -- COMMAND ARGS…`: makes
/// any program a Baton member. COMMAND runs only while this member holds the Primary role (a
/// `HeartbeatAgent` keeps the lease contract), with BATON_EPOCH, BATON_GROUP and BATON_SESSION
/// in its environment.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command only while this member holds the Primary role of a group (a fenced lock).",
        discussion: """
            Registers SESSION in GROUP and heartbeats every T/2 (T: the group's FailoverTimeout). While the \
            member is Primary, COMMAND runs with BATON_EPOCH (the fencing epoch: attach it to every write), \
            BATON_GROUP and BATON_SESSION set, in its own process group. When the role is lost (a demotion, or \
            no answered heartbeat), the process group gets SIGTERM, and SIGKILL after the grace period; the \
            grace ends at the lease deadline (send time + 0.9 T) at the latest: with no renewal, SIGTERM comes \
            GRACE before that deadline. COMMAND starts again when the role comes back. On SIGTERM or SIGINT, \
            baton run stops COMMAND, steps down (score 0, waits for the role to move, deregisters) and exits 0. \
            When COMMAND exits by itself while Primary, baton run steps down and exits with its status. \
            Several servers (instances of one shared-mode deployment): --server http://a:5590,http://b:5590.
            """)

    @Option(name: .long, help: "The group (it must exist).")
    var group: String

    @Option(name: .long, help: "This member's session id (registered if needed).")
    var session: String

    @Option(name: .long, help: "The health score sent with each heartbeat, 0…100.")
    var score: Double = 100

    @Option(name: .long, help: ArgumentHelp("The session's name at registration.", valueName: "name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp("Between SIGTERM and SIGKILL (e.g. 500ms, 2s); at most 0.3 T. Default T/4.", valueName: "duration"))
    var grace: String?

    @Flag(name: .customLong("no-hints"), help: "Do not listen to the member hints (heartbeat at the regular pace only).")
    var noHints = false

    @Flag(name: .long, help: "Log every heartbeat to standard error.")
    var verbose = false

    @OptionGroup var connection: ConnectionOptions

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command to run after --") }
        guard (0...100).contains(score) else { throw ValidationError("--score must lie between 0 and 100") }
        _ = try GraceText.parse(grace)
    }

    func run() async throws {
        let servers = connection.resolvedServer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var base = try connection.configuration()
        base.requestTimeout = .seconds(10)
        var clients: [BatonClient] = []
        for server in servers {
            var configuration = base
            configuration.server = server
            clients.append(try BatonClient(configuration: configuration))
        }
        let verbose = verbose
        let score = score
        let agent = HeartbeatAgent(
            clients: clients, group: group, session: session,
            options: .init(name: name, followsHints: !noHints, observer: { activity in
                if verbose || RunLog.worthTelling(activity) { RunLog.say("\(activity)") }
            })) { score }
        let supervisor = CommandSupervisor(agent: agent, command: command, grace: try GraceText.parse(grace))
        let signals = await TerminationSignals.trap()
        let stepDownOnSignal = Task {
            for await signal in signals {
                RunLog.say("\(signal): stepping down")
                await agent.stepDown()
                return
            }
        }
        async let agentRun: Void = agent.run()
        let commandStatus = await supervisor.run()
        stepDownOnSignal.cancel()
        var failure: (any Error)?
        do { try await agentRun } catch { failure = error }
        for client in clients { try? await client.shutdown() }
        if let failure {
            RunLog.say("\(failure)")
            throw ExitCode(1)
        }
        if let commandStatus, commandStatus != 0 { throw ExitCode(commandStatus) }
    }
}

/// `--grace`: a number and ms, s or m.
enum GraceText {
    static func parse(_ text: String?) throws -> Duration? {
        guard let text else { return nil }
        let units: [(String, Duration)] = [("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60))]
        for (unit, size) in units where text.hasSuffix(unit) {
            if let value = Int(text.dropLast(unit.count)), value > 0, value < 100_000_000 { return size * value }
        }
        throw ValidationError("--grace '\(text)' is not a duration such as 500ms, 2s or 1m")
    }
}
