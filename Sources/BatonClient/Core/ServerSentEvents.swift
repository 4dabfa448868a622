import AsyncHTTPClient
import Foundation
import NIOCore

/// One message of a Server-Sent Events stream: its `id:`, `event:` and `data:` lines.
public struct ServerSentEvent: Sendable, Equatable {
    public var id: String?
    public var event: String
    public var data: String
}

/// Reads `text/event-stream` bytes into messages (the WHATWG rules Baton's streams need:
/// `field: value` lines, a blank line ends a message, `:` lines are comments, CR LF or LF).
struct ServerSentEventParser {
    private var line: [UInt8] = []
    private var id: String?
    private var event: String?
    private var data: [String] = []
    private var lastWasCR = false

    /// Feeds bytes; answers the messages they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var complete: [ServerSentEvent] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && lastWasCR {
                lastWasCR = false
                continue
            }
            lastWasCR = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let message = endLine() { complete.append(message) }
            } else {
                line.append(byte)
            }
        }
        return complete
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else {
            defer { id = nil; event = nil; data = [] }
            guard !data.isEmpty || event != nil else { return nil }
            return ServerSentEvent(id: id, event: event ?? "message", data: data.joined(separator: "\n"))
        }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix(":") { return nil }
        let name: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            name = Substring(text)
            value = ""
        }
        switch name {
        case "id": id = String(value)
        case "event": event = String(value)
        case "data": data.append(String(value))
        default: break
        }
        return nil
    }
}

extension BatonClient {
    /// The messages of an open stream's body, decoded by `decode` (nil skips one); an
    /// `event: close` ends the sequence with `BatonClientError.streamClosed(reason)`.
    func messages<Element: Sendable>(
        of response: HTTPClientResponse, _ decode: @escaping @Sendable (ServerSentEvent) throws -> Element?
    ) -> AsyncThrowingStream<Element, any Error> {
        let body = response.body
        let (stream, continuation) = AsyncThrowingStream<Element, any Error>.makeStream()
        let reader = Task {
            var parser = ServerSentEventParser()
            do {
                for try await buffer in body {
                    for message in parser.feed(buffer.readableBytesView) {
                        if message.event == "close" {
                            let reason = (try? WireCoding.decoder.decode(CloseNotice.self, from: Data(message.data.utf8)))?.Reason
                            throw BatonClientError.streamClosed(reason ?? message.data)
                        }
                        if let element = try decode(message) { continuation.yield(element) }
                    }
                }
                continuation.finish(throwing: BatonClientError.streamClosed("the connection ended"))
            } catch is CancellationError {
                continuation.finish()
            } catch let error as BatonClientError {
                continuation.finish(throwing: error)
            } catch {
                if Task.isCancelled {
                    continuation.finish()
                } else {
                    continuation.finish(throwing: BatonClientError.transport("reading the stream: \(error)"))
                }
            }
        }
        continuation.onTermination = { _ in reader.cancel() }
        return stream
    }

    private struct CloseNotice: Decodable {
        var Reason: String?
    }
}
