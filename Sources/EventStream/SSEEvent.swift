/// One dispatched server-sent event, as the WHATWG "event stream" algorithm defines it.
public struct SSEEvent: Equatable, Sendable {
    /// The `event:` field, or "message" when the event had none (or an empty one).
    public var type: String
    /// The `data:` lines joined with LF, as the bytes that arrived. Decoders read these
    /// directly; ``data`` is the same text as a String, invalid UTF-8 replaced by U+FFFD.
    public var dataBytes: [UInt8]
    /// The last event ID at dispatch; it persists across events until an `id:` changes it.
    public var lastEventID: String

    public init(type: String = "message", data: String, lastEventID: String = "") {
        self.init(type: type, dataBytes: Array(data.utf8), lastEventID: lastEventID)
    }

    public init(type: String = "message", dataBytes: [UInt8], lastEventID: String = "") {
        self.type = type
        self.dataBytes = dataBytes
        self.lastEventID = lastEventID
    }

    /// The `data:` lines joined with LF.
    public var data: String {
        String(decoding: dataBytes, as: UTF8.self)
    }

    /// Events are equal when a client would see the same thing: the same text, whatever
    /// invalid bytes were replaced to make it.
    public static func == (lhs: SSEEvent, rhs: SSEEvent) -> Bool {
        lhs.type == rhs.type && lhs.lastEventID == rhs.lastEventID
            && (lhs.dataBytes == rhs.dataBytes || lhs.data == rhs.data)
    }
}

/// Something the parser dropped instead of dispatching, so that the caller can say so.
public struct SSEOverflow: Equatable, Sendable {
    /// 1-based line of the stream at which the dropped event began.
    public var line: Int
    /// The configured cap that the event exceeded, in bytes.
    public var limit: Int

    public init(line: Int, limit: Int) {
        self.line = line
        self.limit = limit
    }

    /// What the user is told.
    public var reason: String { "an event larger than \(ByteCount.text(limit)) was dropped" }
}

/// The event a stream ended inside: it never got its blank line, so it was never dispatched.
public struct SSEUnfinished: Equatable, Sendable {
    /// 1-based line of the stream at which it began.
    public var line: Int
    /// The bytes it had when the stream ended (its unterminated last line included, however
    /// long), all dropped.
    public var bytes: Int
    /// It had grown past the cap, so its bytes were already being dropped as they came.
    public var exceededLimit: Int?

    public init(line: Int, bytes: Int, exceededLimit: Int? = nil) {
        self.line = line
        self.bytes = bytes
        self.exceededLimit = exceededLimit
    }

    /// What the user is told.
    public var reason: String {
        let size = exceededLimit.map { "larger than \(ByteCount.text($0))" } ?? "no blank line after it"
        return "the stream ends inside an event that was never finished (\(size)): its \(ByteCount.text(bytes)) were dropped"
    }
}

/// A byte count as people read it: `1 byte`, `1,073,741,830 bytes`.
public enum ByteCount {
    public static func text(_ bytes: Int) -> String {
        guard bytes != 1 else { return "1 byte" }
        var digits = String(bytes.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (bytes < 0 ? "-" : "") + digits + grouped + " bytes"
    }
}

/// What the parser hands out: an event, or the report of one it had to drop.
public enum SSEParsed: Equatable, Sendable {
    /// `line` is the 1-based line of the stream at which the event began.
    case event(SSEEvent, line: Int)
    case overflow(SSEOverflow)
}
