import BatonClient
import Synchronization

/// One incarnation of a simulated member: a `HeartbeatAgent` whose score the simulator sets,
/// and which it can stall (heartbeats stop going out, as in a process paused or cut off from
/// the network, while the agent's own deadline still runs) or kill (the task ends without a
/// word, as a process killed with SIGKILL: the session stays registered).
final class SimulatedMember: Sendable {
    let group: String
    let session: String
    /// The session and its incarnation, e.g. "s3#2".
    let name: String
    let agent: HeartbeatAgent
    let client: BatonClient
    private let control = Locked(Control())
    private let running = Locked<Task<Void, Never>?>(nil)

    private struct Control {
        var score = 100.0
        var stalledUntil: ContinuousClock.Instant?
        var lastHeartbeatSent: MonotonicInstant?
        /// The send time of the heartbeat last answered, if its answer was not Primary.
        var lastAnswerNotPrimarySent: MonotonicInstant?
    }

    init(client: BatonClient, group: String, session: String, incarnation: Int, timeout: String,
         clock: any MonotonicClock, followsHints: Bool, holdsAnswers: Bool = false,
         report: @escaping @Sendable (SimulatedMember, AgentActivity) -> Void) {
        self.group = group
        self.session = session
        self.client = client
        name = "\(session)#\(incarnation)"
        let holder = Locked<SimulatedMember?>(nil)
        let control = self.control
        var options = HeartbeatAgent.Options(
            groupConfiguration: GroupConfiguration(id: group, failoverTimeout: timeout),
            followsHints: followsHints)
        options.holdsAnswers = holdsAnswers
        options.observer = { activity in
            switch activity {
            case .heartbeatSent(let at, _, _):
                control.withLock { $0.lastHeartbeatSent = at }
            case .answered(let answer, let sent, _):
                control.withLock { $0.lastAnswerNotPrimarySent = answer.role == .primary ? nil : sent }
            default:
                break
            }
            if let member = holder.withLock({ $0 }) { report(member, activity) }
        }
        agent = HeartbeatAgent(client: client, group: group, session: session, options: options, clock: clock) {
            while let until = control.withLock({ $0.stalledUntil }), until > .now {
                try? await Task.sleep(until: until, clock: .continuous)
                if Task.isCancelled { return 0 }
            }
            return control.withLock { $0.score }
        }
        holder.withLock { $0 = self }
    }

    func start() {
        let agent = agent
        running.withLock { $0 = Task { try? await agent.run() } }
    }

    /// Ends the member without a word and waits until its agent has stopped.
    func kill() async {
        let task = running.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    /// No heartbeat goes out for `duration` (one in flight still completes).
    func stall(for duration: Duration) {
        control.withLock { $0.stalledUntil = .now + duration }
    }

    var score: Double {
        get { control.withLock { $0.score } }
        set { control.withLock { $0.score = newValue } }
    }

    var lastHeartbeatSent: MonotonicInstant? { control.withLock { $0.lastHeartbeatSent } }

    /// Told with a role change: the send time of the heartbeat whose answer (not Primary) made
    /// it, if an answer did (`PrimaryTerms.record`).
    var demotedBySend: MonotonicInstant? { control.withLock { $0.lastAnswerNotPrimarySent } }
}

/// A value behind a lock that closures can share (a `Mutex` itself cannot be captured).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }
}
