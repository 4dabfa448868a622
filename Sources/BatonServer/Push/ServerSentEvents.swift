import BatonCore
import BatonJSON
import Hummingbird
import ServiceLifecycle

/// A group's history as Server-Sent Events (text/event-stream): `id:` is the event's
/// sequence, so a client that reconnects with `Last-Event-ID` resumes without a gap or a
/// duplicate; a comment line every keep-alive interval keeps idle connections (and the
/// proxies between) open; the stream ends with an `event: close` that says why (a slow
/// consumer, the server shutting down).
enum ServerSentEvents {
    static let keepAlive: Duration = .seconds(15)

    /// What one event is written as: its SSE id, event name and JSON data, or nil to leave it
    /// out (a member's hint stream skips what does not concern it).
    typealias Render = @Sendable (GroupEvent) -> (id: String, name: String, data: JSONValue)?

    /// `opening`: written first (a namespace stream's snapshot).
    static func response(
        hub: EventHub, subscription: Subscription, feed: some EventFeed, opening: String = "", render: @escaping Render
    ) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                var feed = feed
                defer { subscription.cancel() }
                try await withGracefulShutdownHandler {
                    try await writer.write(ByteBuffer(string: "retry: 1000\n\n" + opening))
                    try await write(try await feed.catchUp(), to: &writer, render)
                    for await item in subscription.items {
                        switch item {
                        case .tick:
                            try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        case .upcoming(let event):
                            // Without `id:`: not history yet, so it moves no client's resume point;
                            // the committed event follows with its sequence.
                            if let (_, name, data) = render(event) {
                                try await writer.write(ByteBuffer(string: message(id: nil, name: name, data: data)))
                            }
                        default:
                            try await write(try await feed.accept(item), to: &writer, render)
                        }
                    }
                } onGracefulShutdown: {
                    hub.endForShutdown(subscription)
                }
                let why = switch subscription.end {
                case .slowConsumer: "slow consumer: the client read too slowly and fell too far behind; reconnect with Last-Event-ID"
                case .shutdown: "the server is shutting down; reconnect (to another instance) with Last-Event-ID"
                case .cancelled, nil: "the stream ended"
                }
                try await writer.write(ByteBuffer(string: "event: close\ndata: \(JSONValue.object(["Reason": .string(why)]).jsonText)\n\n"))
                try await writer.finish(nil)
            })
    }

    private static func write(_ events: [GroupEvent], to writer: inout any ResponseBodyWriter, _ render: Render) async throws {
        guard !events.isEmpty else { return }
        var text = ""
        for event in events {
            guard let (id, name, data) = render(event) else { continue }
            text += message(id: id, name: name, data: data)
        }
        guard !text.isEmpty else { return }
        try await writer.write(ByteBuffer(string: text))
    }

    /// One event as SSE text; without an id it moves no client's `Last-Event-ID`.
    private static func message(id: String?, name: String, data: JSONValue) -> String {
        (id.map { "id: \($0)\n" } ?? "") + "event: \(name)\ndata: \(data.jsonText)\n\n"
    }
}
