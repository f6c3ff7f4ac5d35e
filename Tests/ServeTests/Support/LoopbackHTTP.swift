import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JSON

/// A response header, as it came.
struct Header: Equatable, Sendable {
    var name: String
    var value: String
}

/// A whole response.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [Header]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first header of that name, whatever its case.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func json() throws -> JSONValue {
        try JSONValue(parsing: text)
    }
}

/// One HTTP/1.1 request on a blocking socket of its own to 127.0.0.1, `Connection: close`, and
/// its response read as it comes: the head, then the body unframed (chunked or by length) with
/// the bytes as they came kept as well, so that tests can check both exactly. Every call
/// blocks: the async wrappers run them on threads of their own, never on the test executor's.
/// Each read waits 30 s at most for a byte (a guard, not a pace).
final class LoopbackExchange: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private enum Framing {
        case none, length(Int), untilClose, chunked(Chunk)
    }

    private enum Chunk {
        case size, data(Int), dataEnd, trailer, done
    }

    private let lock = NSLock()
    private let descriptor: Int32
    private var isClosed = false
    private var pending: [UInt8] = []
    private var framing = Framing.none
    private var headRead = false
    private var _status = 0
    private var _headers: [Header] = []
    private var _body: [UInt8] = []
    private var _wire: [UInt8] = []
    private var _bodyComplete = false
    private var _sawEOF = false
    private var scanned = 0
    private var _frames: [SSEFrame] = []

    /// Connects and sends the request; `body` goes with its Content-Length.
    init(port: Int, method: String, target: String, headers: [Header] = [], body: [UInt8]? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("cannot create a socket: \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw Failure("cannot connect to 127.0.0.1:\(port): \(reason)")
        }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        do {
            try send(Array((head + "\r\n").utf8) + (body ?? []))
        } catch {
            Glibc.close(descriptor)
            throw error
        }
    }

    deinit {
        close()
    }

    /// Closes the socket (the client goes). Safe to call more than once.
    func close() {
        lock.withLock {
            guard !isClosed else { return }
            isClosed = true
            shutdown(descriptor, Int32(SHUT_RDWR))
            Glibc.close(descriptor)
        }
    }

    var status: Int { lock.withLock { _status } }
    var headers: [Header] { lock.withLock { _headers } }
    /// The body so far, unframed.
    var body: [UInt8] { lock.withLock { _body } }
    /// The bytes after the head as they came (a chunked body's sizes and terminator included).
    var wire: [UInt8] { lock.withLock { _wire } }
    /// The body's framing says it is whole: a chunked body's terminator came, or Content-Length bytes.
    var bodyComplete: Bool { lock.withLock { _bodyComplete } }
    /// The server closed the connection.
    var sawEOF: Bool { lock.withLock { _sawEOF } }
    /// The body's complete server-sent-event blocks so far.
    var frames: [SSEFrame] { lock.withLock { _frames } }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Reads the response's head.
    func readHead() throws {
        try lock.withLock {
            let separator = Array("\r\n\r\n".utf8)
            var end: Int?
            while true {
                end = pending.indices.first { pending[$0...].starts(with: separator) }
                if end != nil { break }
                guard try receive() else { throw Failure("the connection closed before a response head: \(pending.count) bytes") }
            }
            let lines = String(decoding: pending[..<end!], as: UTF8.self).components(separatedBy: "\r\n")
            let words = lines[0].split(separator: " ")
            guard words.count >= 2, lines[0].hasPrefix("HTTP/1.1 "), let status = Int(words[1]) else {
                throw Failure("not a status line: \(lines[0])")
            }
            _status = status
            _headers = lines.dropFirst().map { line in
                let colon = line.firstIndex(of: ":") ?? line.endIndex
                return Header(
                    name: String(line[..<colon]),
                    value: String(line[colon...].dropFirst()).trimmingCharacters(in: .whitespaces))
            }
            pending.removeSubrange(..<(end! + separator.count))
            _wire = pending
            headRead = true
            let value = { (name: String) in self._headers.first { $0.name.lowercased() == name }?.value.lowercased() }
            if status == 204 || status == 304 || (100..<200).contains(status) {
                framing = .none
            } else if value("transfer-encoding")?.contains("chunked") == true {
                framing = .chunked(.size)
            } else if let length = value("content-length").flatMap({ Int($0) }) {
                framing = .length(length)
            } else {
                framing = .untilClose
            }
            unframe()
        }
    }

    /// Reads until the body is whole, the server closes, or `condition` holds of the frames so far.
    func readBody(until condition: ([SSEFrame]) -> Bool = { _ in false }) throws {
        try lock.withLock {
            while !_bodyComplete, !_sawEOF, !condition(_frames) {
                _ = try receive()
            }
        }
    }

    /// Reads until the server closes the connection.
    func readUntilEOF() throws {
        try lock.withLock {
            while !_sawEOF { _ = try receive() }
        }
    }

    // MARK: - Under the lock

    private func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure("cannot send the request: \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    /// One read; false at the end of the stream.
    private func receive() throws -> Bool {
        guard !isClosed else { throw Failure("the connection is closed") }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw Failure("no byte from the server for 30 s; the body so far: \(String(decoding: _body.suffix(2000), as: UTF8.self))")
            }
            if count < 0 && errno == ECONNRESET {
                _sawEOF = true
                return false
            }
            guard count >= 0 else { throw Failure("cannot read the response: \(String(cString: strerror(errno)))") }
            if count == 0 {
                _sawEOF = true
                if case .untilClose = framing { _bodyComplete = true }
                return false
            }
            pending.append(contentsOf: buffer[..<count])
            if headRead {
                _wire.append(contentsOf: buffer[..<count])
                unframe()
            }
            return true
        }
    }

    /// Moves what `pending` holds of the body into `_body`, by the framing.
    private func unframe() {
        switch framing {
        case .none:
            _bodyComplete = true
        case .untilClose:
            _body += pending
            pending = []
        case .length(let remaining):
            let taken = min(remaining, pending.count)
            _body += pending[..<taken]
            pending.removeSubrange(..<taken)
            framing = .length(remaining - taken)
            _bodyComplete = remaining - taken == 0
        case .chunked(var chunk):
            loop: while true {
                switch chunk {
                case .size:
                    guard let lineEnd = crlf() else { break loop }
                    let text = String(decoding: pending[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
                    pending.removeSubrange(..<(lineEnd + 2))
                    let size = Int(text.trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
                    chunk = size == 0 ? .trailer : .data(size)
                case .data(let remaining):
                    guard !pending.isEmpty else { break loop }
                    let taken = min(remaining, pending.count)
                    _body += pending[..<taken]
                    pending.removeSubrange(..<taken)
                    chunk = remaining == taken ? .dataEnd : .data(remaining - taken)
                case .dataEnd:
                    guard pending.count >= 2 else { break loop }
                    pending.removeSubrange(..<2)
                    chunk = .size
                case .trailer:
                    guard let lineEnd = crlf() else { break loop }
                    pending.removeSubrange(..<(lineEnd + 2))
                    if lineEnd == 0 {
                        chunk = .done
                        _bodyComplete = true
                    }
                case .done:
                    break loop
                }
            }
            framing = .chunked(chunk)
        }
        scanFrames()
    }

    private func crlf() -> Int? {
        guard pending.count >= 2 else { return nil }
        return (0..<(pending.count - 1)).first { pending[$0] == 0x0D && pending[$0 + 1] == 0x0A }
    }

    /// Appends the body's newly completed blocks (each ends with a blank line) to `_frames`.
    private func scanFrames() {
        var index = scanned
        while index + 1 < _body.count {
            if _body[index] == 0x0A && _body[index + 1] == 0x0A {
                _frames.append(SSEFrame(text: String(decoding: _body[scanned..<index], as: UTF8.self)))
                scanned = index + 2
                index = scanned
            } else {
                index += 1
            }
        }
    }
}

/// One block of a `text/event-stream` body, as this server writes them (LF line ends, one
/// field per line): its lines without the blank line that ends it, and what they say.
struct SSEFrame: Equatable, Sendable {
    let text: String
    let id: String?
    let data: String?
    let retry: String?
    /// `data` parsed as JSON, when it is.
    let envelope: JSONValue?

    init(text: String) {
        self.text = text
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            var value = line[line.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
            fields[String(line[..<colon])] = String(value)
        }
        id = fields["id"]
        data = fields["data"]
        retry = fields["retry"]
        envelope = data.flatMap { try? JSONValue(parsing: $0) }
    }

    var type: String? { envelope?["type"]?.stringValue }
    /// The `<run>` of `id: <run>:<n>`.
    var runID: String? { id?.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) }
    /// The `<n>` of `id: <run>:<n>`.
    var number: Int? { id?.split(separator: ":").last.flatMap { Int($0) } }
    var isHeartbeat: Bool { type == "heartbeat" }
    /// The whole block as it was sent, its blank line included.
    var sent: String { text + "\n\n" }
}

/// Runs blocking `work` on a thread of its own.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Request targets, the query percent-encoded.
enum Target {
    static func stream(_ competitors: [String], focus: String? = "spinal implants") -> String {
        "/api/analysis/stream" + query(competitors, focus: focus)
    }

    static func batch(_ competitors: [String], focus: String? = "spinal implants") -> String {
        "/api/analysis" + query(competitors, focus: focus)
    }

    static func query(_ competitors: [String], focus: String?) -> String {
        let pairs = competitors.map { ("competitors", $0) } + (focus.map { [("focus_area", $0)] } ?? [])
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }
}
