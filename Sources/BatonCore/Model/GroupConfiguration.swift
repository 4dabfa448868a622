import BatonJSON
import Foundation

/// What an operator configures for a group. Everything here is durable.
public struct GroupConfiguration: Equatable, Sendable {
    public static let failoverTimeoutRange: ClosedRange<Duration> = .milliseconds(100) ... .seconds(86_400)
    public static let defaultFailoverTimeout: Duration = .seconds(60)

    public var id: String
    public var name: String?
    public var description: String?
    /// How long after its last heartbeat was received a member stops being live.
    public var failoverTimeout: Duration
    public var additionalData: JSONValue?
    public var preemption: PreemptionPolicy

    public init(
        id: String,
        name: String? = nil,
        description: String? = nil,
        failoverTimeout: Duration = GroupConfiguration.defaultFailoverTimeout,
        additionalData: JSONValue? = nil,
        preemption: PreemptionPolicy = .score
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.failoverTimeout = failoverTimeout
        self.additionalData = additionalData
        self.preemption = preemption
    }
}

/// A member's registration as an operator or adapter made it.
public struct MemberRegistration: Equatable, Sendable {
    public var id: MemberID
    public var name: String?
    public var additionalData: JSONValue?

    public init(id: MemberID, name: String? = nil, additionalData: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.additionalData = additionalData
    }
}

/// The last heartbeat received from a member. Soft state: flushed lazily.
public struct HeartbeatRecord: Equatable, Sendable {
    public var score: Double
    /// The client's own send time, recorded and shown, never used to judge liveness.
    public var heartbeatTime: Date?
    public var lastDataProcessedTime: Date?
    /// When the coordinator received it (wall clock, for display).
    public var receivedAt: Date

    public init(score: Double, heartbeatTime: Date? = nil, lastDataProcessedTime: Date? = nil, receivedAt: Date) {
        self.score = score
        self.heartbeatTime = heartbeatTime
        self.lastDataProcessedTime = lastDataProcessedTime
        self.receivedAt = receivedAt
    }
}

/// What a member sends with a heartbeat.
public struct HeartbeatInput: Sendable {
    public var score: Double
    public var heartbeatTime: Date?
    public var lastDataProcessedTime: Date?

    public init(score: Double, heartbeatTime: Date? = nil, lastDataProcessedTime: Date? = nil) {
        self.score = score
        self.heartbeatTime = heartbeatTime
        self.lastDataProcessedTime = lastDataProcessedTime
    }

    public static let scoreRange: ClosedRange<Double> = 0...100
}
