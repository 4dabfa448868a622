#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A Server-Sent Events reader over a plain socket: sends one GET and parses the chunked
/// `text/event-stream` body as it arrives. Blocking reads with a timeout, on a thread of
/// their own, so a test can wait for the next event without a full HTTP client.
final class EventStreamClient: @unchecked Sendable {
    // @unchecked: the socket and the buffers are used by one test at a time, one call after another.
    struct Event: Equatable, Sendable {
        var id: String?
        var name: String
        var data: String
    }

    private let descriptor: Int32
    private var raw = Data()
    private var body = Data()
    private var headerDone = false
    private(set) var status = 0
    private(set) var headers: [String: String] = [:]
    private var chunkRemaining = 0
    private var finished = false

    init(port: Int, path: String, headers extra: [String: String] = [:]) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { close(descriptor); throw Failure("connect failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        for (name, value) in extra { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let sent = request.utf8CString.withUnsafeBufferPointer { send(descriptor, $0.baseAddress, $0.count - 1, 0) }
        guard sent > 0 else { close(descriptor); throw Failure("send failed") }
    }

    deinit { close(descriptor) }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Reads until the response head has arrived.
    func waitForHead(within limit: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + limit
        while !headerDone {
            guard ContinuousClock.now < deadline else { throw Failure("no response head within \(limit)") }
            try await readSome()
        }
    }

    /// The next event (comments skipped), or nil when the stream ended or `limit` passed.
    func next(within limit: Duration = .seconds(10)) async throws -> Event? {
        let deadline = ContinuousClock.now + limit
        while true {
            if let event = takeEvent() { return event }
            if finished || ContinuousClock.now >= deadline { return nil }
            try await readSome()
        }
    }

    /// Every event until `count` have come or `limit` passed.
    func events(_ count: Int, within limit: Duration = .seconds(10)) async throws -> [Event] {
        var all: [Event] = []
        let deadline = ContinuousClock.now + limit
        while all.count < count, let event = try await next(within: deadline - ContinuousClock.now) {
            all.append(event)
        }
        return all
    }

    /// A whole body of known length (a plain answer, not a stream), or nil when it did not
    /// arrive within `limit`.
    func plainBody(within limit: Duration = .seconds(10)) async throws -> String? {
        let deadline = ContinuousClock.now + limit
        while true {
            if headerDone, let length = headers["content-length"].flatMap(Int.init), body.count >= length {
                return String(decoding: body.prefix(length), as: UTF8.self)
            }
            if finished || ContinuousClock.now >= deadline { return nil }
            try await readSome()
        }
    }

    /// Comment lines (`: keep-alive`) seen so far.
    private(set) var comments = 0

    private func readSome() async throws {
        let descriptor = descriptor
        let bytes: [UInt8]? = await Task.detached {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 { return Array(buffer[0..<count]) }
            if count == 0 { return nil }
            return []
        }.value
        guard let bytes else { finished = true; return }
        raw.append(contentsOf: bytes)
        parse()
    }

    private func parse() {
        if !headerDone {
            guard let end = raw.range(of: Data("\r\n\r\n".utf8)) else { return }
            let head = String(decoding: raw[raw.startIndex..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            raw = Data(raw[end.upperBound...])
            headerDone = true
        }
        guard headers["transfer-encoding"]?.lowercased() == "chunked" else {
            body.append(raw)
            raw = Data()
            return
        }
        while !raw.isEmpty {
            if chunkRemaining > 0 {
                let take = min(chunkRemaining, raw.count)
                body.append(raw.prefix(take))
                raw = Data(raw.dropFirst(take))
                chunkRemaining -= take
                if chunkRemaining == 0 { chunkRemaining = -2 }  // the chunk's CRLF follows
                continue
            }
            if chunkRemaining == -2 {
                guard raw.count >= 2 else { return }
                raw = Data(raw.dropFirst(2))
                chunkRemaining = 0
                continue
            }
            guard let lineEnd = raw.range(of: Data("\r\n".utf8)) else { return }
            let sizeText = String(decoding: raw[raw.startIndex..<lineEnd.lowerBound], as: UTF8.self)
            raw = Data(raw[lineEnd.upperBound...])
            let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) ?? 0
            if size == 0 { finished = true; return }
            chunkRemaining = size
        }
    }

    private func takeEvent() -> Event? {
        while let end = body.range(of: Data("\n\n".utf8)) {
            let block = String(decoding: body[body.startIndex..<end.lowerBound], as: UTF8.self)
            body = Data(body[end.upperBound...])
            var event = Event(id: nil, name: "message", data: "")
            var sawField = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") { comments += 1; continue }
                guard let colon = line.firstIndex(of: ":") else { continue }
                let field = line[..<colon]
                var value = line[line.index(after: colon)...]
                if value.hasPrefix(" ") { value = value.dropFirst() }
                switch field {
                case "id": event.id = String(value); sawField = true
                case "event": event.name = String(value); sawField = true
                case "data": event.data += String(value); sawField = true
                default: sawField = true
                }
            }
            if sawField, event.name != "message" || !event.data.isEmpty { return event }
        }
        return nil
    }
}
