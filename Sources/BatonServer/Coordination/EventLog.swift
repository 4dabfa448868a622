import BatonCore
import Logging

extension Array where Element == DurableChange {
    /// The history a journal appends, in order.
    var appendedEvents: [GroupEvent] {
        compactMap { change in
            if case .appendEvent(let event) = change { return event }
            return nil
        }
    }
}

/// One structured log line per event worth an operator's attention.
enum EventLog {
    static func log(_ changes: [DurableChange], to logger: Logger) {
        for change in changes {
            if case .saveTombstone(let tombstone) = change {
                var metadata: Logger.Metadata = [
                    "tenant": "\(tombstone.key.tenant)", "namespace": "\(tombstone.key.namespace)",
                    "group": "\(tombstone.key.id)", "epoch": "\(tombstone.epoch)",
                ]
                if let end = tombstone.leaseEnd { metadata["fencedUntil"] = "\(end)" }
                logger.info("GroupDeleted", metadata: metadata)
            }
            guard case .appendEvent(let event) = change else { continue }
            var metadata: Logger.Metadata = [
                "tenant": "\(event.group.tenant)", "namespace": "\(event.group.namespace)",
                "group": "\(event.group.id)", "epoch": "\(event.epoch)", "reason": "\(event.reason)",
            ]
            if let from = event.from { metadata["from"] = "\(from)" }
            if let to = event.to { metadata["to"] = "\(to)" }
            if let principal = event.principal { metadata["principal"] = "\(principal)" }
            if let detail = event.detail { metadata["detail"] = "\(detail)" }
            let level: Logger.Level = switch event.kind {
            case .primaryChanged, .handoverStarted, .handoverCancelled: .notice
            default: .info
            }
            logger.log(level: level, "\(event.kind.rawValue)", metadata: metadata)
        }
    }
}
