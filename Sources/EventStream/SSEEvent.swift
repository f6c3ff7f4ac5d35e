/// One dispatched server-sent event, as the WHATWG "event stream" algorithm defines it.
public struct SSEEvent: Equatable, Sendable {
    /// The `event:` field, or "message" when the event had none (or an empty one).
    public var type: String
    /// The `data:` lines joined with LF.
    public var data: String
    /// The last event ID at dispatch; it persists across events until an `id:` changes it.
    public var lastEventID: String

    public init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
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
}

/// What the parser hands out: an event, or the report of one it had to drop.
public enum SSEParsed: Equatable, Sendable {
    /// `line` is the 1-based line of the stream at which the event began.
    case event(SSEEvent, line: Int)
    case overflow(SSEOverflow)
}
