extension HeartbeatAgent {
    /// The server in use and its index.
    func currentServer() -> (index: Int, client: BatonClient) {
        let index = control.withLock { $0.server }
        return (index, clients[index])
    }

    /// Moves on to the next server, unless another task already moved on from `index`.
    func moveOn(from index: Int) {
        control.withLock { control in
            if control.server == index { control.server = (index + 1) % clients.count }
        }
    }

    /// Whether another instance may do better: no connection or no answer, or an instance
    /// that answers it cannot serve now (502, 503, 504).
    static func worthAnotherServer(_ error: any Error) -> Bool {
        if let error = error as? BatonClientError, case .transport = error { return true }
        if let error = error as? BatonAPIError { return [502, 503, 504].contains(error.status) }
        return false
    }

    /// Runs `body` on the server in use, and on each of the others in turn while the one
    /// tried cannot be reached; throws the last error.
    func onServers<Result>(_ body: (BatonClient) async throws -> Result) async throws -> Result {
        var tried = 0
        while true {
            let (index, client) = currentServer()
            do {
                return try await body(client)
            } catch {
                tried += 1
                guard Self.worthAnotherServer(error), !Task.isCancelled else { throw error }
                moveOn(from: index)
                if tried >= clients.count { throw error }
            }
        }
    }
}
