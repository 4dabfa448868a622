import BatonCore
import BatonWire
import Foundation
import HTTPTypes
import Hummingbird

/// What a stream or long-poll request asks for, read from its query and headers.
struct StreamRequest {
    /// Resume after this sequence (`Last-Event-ID` or `?after=`); nil: from now on.
    var after: Int64? { position.after }
    /// Long poll: how long to wait for something after `after` (`?wait=30s`), at most a minute.
    var wait: Duration { position.wait }
    private let position: StreamPosition

    init(_ request: Request) throws {
        position = try StreamPosition(
            after: QueryParameter.text("after", request) ?? request.headers[HTTPField.Name("Last-Event-ID")!],
            wait: QueryParameter.text("wait", request))
    }

    /// The name a principal's streams are counted under: its own, or with authentication off
    /// (everyone anonymous) the client's address.
    static func holder(_ context: BatonRequestContext) -> String {
        context.principal.kind == .anonymous ? "address:\(context.remoteAddress ?? "?")" : context.principal.description
    }

    static func refusal(_ refusal: EventHub.Refusal) -> APIError {
        switch refusal {
        case .tooManyStreams(let limit):
            APIError(status: .tooManyRequests, error: "Too many requests.",
                     reason: "This principal already holds \(limit) open streams, the most it may.",
                     resolution: "Close a stream before opening another.", headers: [.retryAfter: "5"],
                     code: "TooManyStreams")
        case .shuttingDown:
            APIError.serviceUnavailable("The server is shutting down.")
        }
    }
}

/// The long-poll form of a group's history: answers at once when there is something after
/// `after`, else as soon as there is, or empty when `wait` runs out.
enum LongPoll {
    static func events(
        of key: GroupKey, after: Int64, limit: Int, wait: Duration, holder: String, principal: Principal,
        coordinator: any Coordinator
    ) async throws -> [GroupEvent] {
        let first = try await coordinator.events(of: key, after: after, limit: limit, as: principal)
        guard first.isEmpty, wait > .zero else { return first }
        let subscription: Subscription
        do {
            subscription = try coordinator.eventHub.subscribe(.init(key), principal: holder)
        } catch {
            throw StreamRequest.refusal(error)
        }
        defer { subscription.cancel() }
        // What committed between the first read and the subscription.
        let missed = try await coordinator.events(of: key, after: after, limit: limit, as: principal)
        guard missed.isEmpty else { return missed }
        let timer = Task {
            try? await Task.sleep(for: wait)
            subscription.cancel()
        }
        defer { timer.cancel() }
        for await item in subscription.items {
            if case .tick = item { continue }
            break
        }
        return try await coordinator.events(of: key, after: after, limit: limit, as: principal)
    }
}
