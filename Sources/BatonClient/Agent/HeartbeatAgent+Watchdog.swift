extension HeartbeatAgent {
    /// Demotes the member at its deadline when no answer renewed the lease: sleeps until the
    /// deadline in force, reading it again whenever the lease changes. It does not wait for a
    /// heartbeat in flight; `isPrimary` turns false at the deadline even before this runs.
    func watchLease() async {
        while !Task.isCancelled {
            leaseChanged.lower()
            if let deadline = deadline {
                await wait(until: deadline, or: leaseChanged)
                if Task.isCancelled { return }
                let clock = clock
                if let current = self.deadline, clock.now >= current {
                    update { book, now in book.expire(at: now) }
                }
            } else {
                await leaseChanged.wait()
            }
        }
    }
}
