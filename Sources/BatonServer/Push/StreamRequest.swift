import BatonCore
import Foundation
import HTTPTypes
import Hummingbird

/// What a stream or long-poll request asks for, read from its query and headers.
struct StreamRequest {
    /// Resume after this sequence (`Last-Event-ID` or `?after=`); nil: from now on.
    var after: Int64?
    /// Long poll: how long to wait for something after `after` (`?wait=30s`), at most a minute.
    var wait: Duration

    static let maximumWait: Duration = .seconds(60)

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        func parameter(_ name: String) -> String? {
            query.first(where: { $0.key.lowercased() == name }).map { String($0.value) }
        }
        let resume = parameter("after") ?? request.headers[HTTPField.Name("Last-Event-ID")!]
        if let resume {
            guard let sequence = Int64(resume.trimmingCharacters(in: .whitespaces)), sequence >= 0 else {
                throw APIError.badRequest("after (or Last-Event-ID) must be an event sequence, a whole number from 0; got '\(resume.prefix(40))'.")
            }
            after = sequence
        }
        wait = .zero
        if let text = parameter("wait") {
            let digits = text.hasSuffix("s") ? String(text.dropLast()) : text
            guard let seconds = Int(digits), (0...Int(Self.maximumWait.components.seconds)).contains(seconds) else {
                throw APIError.badRequest("wait must be whole seconds from 0 to 60, like 30s; got '\(text.prefix(40))'.")
            }
            wait = .seconds(seconds)
        }
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
