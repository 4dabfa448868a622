import Foundation
import Synchronization

/// Where the engine gets time from. Injected so tests drive it deterministically.
public protocol BatonClock: Sendable {
    func now() -> Moment
}

/// The production clock: `ContinuousClock` for liveness, `Date()` for the wall.
public struct SystemClock: BatonClock {
    private let origin: ContinuousClock.Instant

    public init() {
        origin = ContinuousClock.now
    }

    public func now() -> Moment {
        Moment(instant: Instant(nanoseconds: origin.duration(to: .now).nanoseconds), wall: Date())
    }

    /// The duration from now until `instant`, for sleeping until a deadline.
    public func duration(until instant: Instant) -> Duration {
        instant - now().instant
    }
}

/// A clock that moves only when told to. Both readings advance together.
public final class TestClock: BatonClock {
    private static let origin = Instant(nanoseconds: 1_000_000_000)
    private let startWall: Date
    private let advanced = Mutex(Duration.zero)

    public init(wall: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        startWall = wall
    }

    /// The wall reading is derived from the start and the elapsed time, so it never drifts
    /// from the monotonic one however many small steps a test takes.
    public func now() -> Moment {
        let elapsed = advanced.withLock { $0 }
        return Moment(instant: Self.origin + elapsed, wall: startWall.addingTimeInterval(elapsed.timeInterval))
    }

    /// How far the clock has been advanced since it was made.
    public var elapsed: Duration { advanced.withLock { $0 } }

    public func advance(by duration: Duration) {
        advanced.withLock { $0 += duration }
    }
}
