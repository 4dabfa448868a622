import Foundation

extension HeartbeatAgent {
    /// How a `HeartbeatAgent` registers and paces itself. The lease rule itself (deadline =
    /// send time + 0.9 × the answer's FailoverTimeout) is not an option.
    public struct Options: Sendable {
        /// The session's `Name` at registration.
        public var name: String?
        /// The session's `AdditionalData` at registration.
        public var additionalData: AnyJSON?
        /// When given, the group is created with this configuration (its id is the agent's
        /// group) if it does not exist; a group that exists with another configuration is used
        /// as it is, never overwritten. When nil, the group must exist.
        public var groupConfiguration: GroupConfiguration?
        /// Whether to hold the member hints stream open and heartbeat at once on each hint.
        public var followsHints = true
        /// On a `StepDown` hint while Primary, stop acting at once and deliver the demotion
        /// (the next heartbeat) only once the `withPrimaryRole` work has ended, so that the
        /// successor, promoted as that heartbeat is answered, never overlaps it. Without
        /// hints (or with this off) the demotion arrives with an answer, when the successor is
        /// already promoted, and only the epoch separates the two.
        public var yieldsOnStepDown = true
        /// While not Primary, ask the coordinator to hold each heartbeat's answer until this
        /// member's role changes, for up to the heartbeat interval (`Baton-Hold`): a successor
        /// then hears of its promotion the moment the handover is committed, instead of after
        /// a hint and another heartbeat. The lease of a held answer still runs from its send
        /// time. A server that does not hold answers at once; the pace stays T/2 either way.
        ///
        /// Off by default: when the old Primary learns of its demotion from its own answer (its
        /// score dropped, it did not step down first), the successor's held answer leaves at the
        /// same moment and may be read a fraction of a millisecond before the demotion is. The
        /// epoch fences that (DESIGN.md), but the agent otherwise keeps the two from overlapping
        /// at all; turn this on where the faster handover is worth that.
        public var holdsAnswers = false
        /// The fraction of T/2 taken off each interval at random (0…0.5), so that members
        /// started together do not heartbeat in lockstep. Intervals are never longer than T/2.
        public var jitter = 0.1
        /// The member's `LastDataProcessedTime`, sent with each heartbeat when given.
        public var processedUpTo: (@Sendable () async -> Date?)?
        /// Told of everything the agent does (see `AgentActivity`); called on the agent's
        /// tasks, so it must return quickly and must not wait for the agent.
        public var observer: (@Sendable (AgentActivity) -> Void)?
        /// How long to wait before registering again after a registration failed.
        public var retryInterval: Duration = .seconds(1)

        public init(name: String? = nil, additionalData: AnyJSON? = nil, groupConfiguration: GroupConfiguration? = nil,
                    followsHints: Bool = true, jitter: Double = 0.1,
                    processedUpTo: (@Sendable () async -> Date?)? = nil,
                    observer: (@Sendable (AgentActivity) -> Void)? = nil) {
            self.name = name
            self.additionalData = additionalData
            self.groupConfiguration = groupConfiguration
            self.followsHints = followsHints
            self.jitter = jitter
            self.processedUpTo = processedUpTo
            self.observer = observer
        }
    }
}
