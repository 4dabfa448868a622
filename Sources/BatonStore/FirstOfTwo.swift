import Synchronization

/// Which of two racing tasks came first — the work or its timer, a connection or the wait
/// for it: the first to `claim()` resumes the one continuation; the other does not.
public final class FirstOfTwo: Sendable {
    private let claimed = Mutex(false)

    public init() {}

    /// True for the first caller only.
    public func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}
