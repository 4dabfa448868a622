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
    private let reading: Mutex<Moment>

    public init(wall: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        reading = Mutex(Moment(instant: Instant(nanoseconds: 1_000_000_000), wall: wall))
    }

    public func now() -> Moment {
        reading.withLock { $0 }
    }

    public func advance(by duration: Duration) {
        reading.withLock {
            $0.instant = $0.instant + duration
            $0.wall = $0.wall.addingTimeInterval(duration.timeInterval)
        }
    }
}
