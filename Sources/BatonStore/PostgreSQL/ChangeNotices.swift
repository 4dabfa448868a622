import BatonCore
import BatonJSON
import Foundation
import Logging
import PostgresNIO

/// What another instance committed, as PostgreSQL's NOTIFY carries it: the range of history
/// sequences a transaction appended to a group. Delivered only when that transaction commits.
public enum ChangeNotice: Sendable, Equatable {
    case appended(GroupKey, first: Int64, last: Int64)
    /// The notices may have missed something (the listening connection was lost and is back):
    /// every reader re-reads from what it last saw.
    case resync
}

enum ChangeNotices {
    static let channel = "baton_events"

    /// `[tenant, namespace, id, first, last]` as JSON text: ids may hold any printable character.
    static func payload(_ key: GroupKey, first: Int64, last: Int64) -> String {
        JSONValue.array([
            .string(key.tenant), .string(key.namespace), .string(key.id), .number(Double(first)), .number(Double(last)),
        ]).jsonText
    }

    static func notice(from payload: String) -> ChangeNotice? {
        guard case .array(let parts) = try? JSONValue.parse(payload), parts.count == 5,
              case .string(let tenant) = parts[0], case .string(let namespace) = parts[1], case .string(let id) = parts[2],
              case .number(let first) = parts[3], case .number(let last) = parts[4],
              let firstSequence = Int64(exactly: first), let lastSequence = Int64(exactly: last)
        else { return nil }
        return .appended(GroupKey(tenant: tenant, namespace: namespace, id: id), first: firstSequence, last: lastSequence)
    }
}

extension PostgresTransaction {
    /// One notice per group whose history this transaction appends to, sent on commit.
    func notify(_ events: [GroupEvent]) async throws {
        var ranges: [GroupKey: (Int64, Int64)] = [:]
        for event in events {
            let range = ranges[event.group] ?? (event.sequence, event.sequence)
            ranges[event.group] = (min(range.0, event.sequence), max(range.1, event.sequence))
        }
        let payloads = ranges.sorted { $0.key < $1.key }.map { ChangeNotices.payload($0.key, first: $0.value.0, last: $0.value.1) }
        _ = try await rows("SELECT pg_notify(\(ChangeNotices.channel), payload) FROM unnest(\(payloads)::text[]) AS payload")
    }
}

extension PostgresStore {
    /// Notices of history committed by any instance (this one included), for as long as the
    /// stream is read. The listening connection is its own, outside the pool; when it is lost
    /// it is opened again (every 100 ms to 1 s) and a `.resync` follows.
    public func changeNotices() -> AsyncStream<ChangeNotice> {
        let configuration = listenConfiguration
        let logger = logger
        return AsyncStream(bufferingPolicy: .bufferingNewest(4_096)) { continuation in
            let task = Task {
                var delay: Duration = .milliseconds(100)
                var connectedBefore = false
                while !Task.isCancelled {
                    do {
                        let connection = try await PostgresConnection.connect(
                            configuration: configuration, id: 1, logger: Self.listenLogger)
                        defer { Task { try? await connection.close() } }
                        // A connection that went silent would never say so: one that does not
                        // answer a ping within two seconds is closed, which ends the listening.
                        let pinger = Task {
                            while !Task.isCancelled {
                                try await Task.sleep(for: .seconds(5))
                                let watchdog = Task {
                                    try await Task.sleep(for: .seconds(2))
                                    try? await connection.close()
                                }
                                _ = try? await connection.guardedQuery("SELECT 1", logger: Self.listenLogger)
                                watchdog.cancel()
                            }
                        }
                        defer { pinger.cancel() }
                        try await connection.listen(on: ChangeNotices.channel) { notifications in
                            if connectedBefore { continuation.yield(.resync) }
                            connectedBefore = true
                            delay = .milliseconds(100)
                            for try await notification in notifications {
                                if let notice = ChangeNotices.notice(from: notification.payload) {
                                    continuation.yield(notice)
                                }
                            }
                        }
                    } catch {
                        if Task.isCancelled { break }
                        logger.debug("change notices: listening connection lost", metadata: ["error": "\(error)"])
                    }
                    do { try await Task.sleep(for: delay) } catch { break }
                    delay = min(delay * 2, .seconds(1))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Quiet: the listener retries every second while the database is away, and the
    /// coordinator logs the outage once.
    static let listenLogger = Logger(label: "baton-postgres-listen", factory: { _ in SwiftLogNoOpLogHandler() })
}
