/// An incremental parser for the `text/event-stream` wire format, following the WHATWG HTML
/// standard's algorithm byte for byte.
///
/// It never sees sockets or files: feed it chunks of bytes as they arrive, in any split, and it
/// hands out the same events. Lines are found on raw bytes and no `String` is made before an
/// event is dispatched. A line or event longer than `maxEventBytes` is dropped with an
/// ``SSEOverflow`` and parsing resumes at the next event, so memory stays bounded.
public struct SSEParser: Sendable {
    public static let defaultMaxEventBytes = 8 << 20

    public let maxEventBytes: Int
    /// What a reconnect sends as `Last-Event-ID` ("" means send none).
    public private(set) var lastEventID = ""
    /// The reconnection time set by the stream's last valid `retry:` field, in milliseconds.
    public private(set) var retryMilliseconds: Int?

    private var lines: LineSplitter
    private var lastEventIDBuffer: [UInt8] = []
    /// An `id:` field has set the buffer since the last dispatch.
    private var lastEventIDBufferSet = false
    /// The current event's data lines, joined with LF (without the standard's trailing LF),
    /// and whether it has any: the array the event is dispatched with, so that its bytes are
    /// copied once, from the line.
    private var data: [UInt8] = []
    private var hasData = false
    private var eventTypeBuffer: [UInt8] = []
    /// How many bytes of a leading BOM have been matched; `nil` once the stream's start is past.
    private var bomBytesMatched: Int? = 0
    /// Dropping the current event because it grew past the cap.
    private var discardingEvent = false
    /// 1-based line at which the current event's first field appeared; 0 before it has one.
    private var eventStartLine = 0
    /// The bytes of the current event's lines so far, a line end counted as one.
    private var eventBytes = 0

    public init(maxEventBytes: Int = SSEParser.defaultMaxEventBytes) {
        self.maxEventBytes = max(1, maxEventBytes)
        lines = LineSplitter(maxLineBytes: self.maxEventBytes)
    }

    /// Parses one chunk, handing each dispatched event (or dropped one) to `emit`, in order.
    /// Handed over, not lent: a caller that keeps the event moves it, where a lent one would be
    /// copied (its bytes retained) and then released here.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (consuming SSEParsed) -> Void) {
        var chunk = chunk
        if let matched = bomBytesMatched {
            chunk = skipBOM(chunk, alreadyMatched: matched, emit)
        }
        // The splitter is moved out while it calls back into self, which owns it.
        var splitter = lines
        lines = LineSplitter(maxLineBytes: maxEventBytes)
        splitter.feed(chunk) { piece in
            switch piece {
            case .line(let line, let number): processLine(line, number: number, emit)
            case .tooLong(let number, let bytes): overflow(atLine: number, bytes: bytes + 1, emit)
            }
        }
        lines = splitter
    }

    /// Parses one chunk and returns what it dispatched.
    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [SSEParsed] {
        var parsed: [SSEParsed] = []
        let bytes = Array(chunk)
        bytes.withUnsafeBytes { feed($0) { parsed.append($0) } }
        return parsed
    }

    /// Ends the stream. An unterminated last line is never processed and an event without its
    /// blank line is never dispatched, so this forgets them (a reconnect starts clean, a BOM
    /// of its own included) and returns the event so dropped, if there was one that was not
    /// already reported as too large.
    @discardableResult
    public mutating func finish() -> SSEUnfinished? {
        // The start of a BOM that the stream ends in was only ever the stream's first bytes.
        if let matched = bomBytesMatched, matched > 0 {
            bomBytesMatched = nil
            [UInt8]([0xEF, 0xBB, 0xBF])[..<matched].withUnsafeBytes { feed($0) { _ in } }
        }
        var unfinished = eventStartLine > 0 ? SSEUnfinished(line: eventStartLine, bytes: eventBytes + lines.pendingBytes) : nil
        lines.finish { piece in
            switch piece {
            case .line(let line, let number) where !line.isEmpty && line[0] != ASCII.colon:
                unfinished = unfinished ?? SSEUnfinished(line: number, bytes: line.count)
            case .tooLong(let number, let bytes):
                unfinished = unfinished ?? SSEUnfinished(line: number, bytes: bytes)
                unfinished?.exceededLimit = maxEventBytes
            case .line:
                break
            }
        }
        if discardingEvent { unfinished = nil }
        defer {
            eventStartLine = 0
            eventBytes = 0
            bomBytesMatched = 0
        }
        data = []
        hasData = false
        eventTypeBuffer.removeAll()
        lastEventIDBufferSet = false
        discardingEvent = false
        return unfinished
    }

    /// A copy holding no spare buffer capacity, for keeping many of them (replay checkpoints).
    public func compacted() -> SSEParser {
        var copy = self
        copy.lines = lines.compacted()
        copy.lastEventIDBuffer = Array(lastEventIDBuffer)
        copy.data = Array(data)
        copy.eventTypeBuffer = Array(eventTypeBuffer)
        return copy
    }

    /// Returns the chunk past any bytes of a leading BOM. Bytes that looked like the start of
    /// a BOM but were not one are fed on as ordinary bytes.
    private mutating func skipBOM(
        _ chunk: UnsafeRawBufferPointer, alreadyMatched: Int, _ emit: (consuming SSEParsed) -> Void
    ) -> UnsafeRawBufferPointer {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var matched = alreadyMatched
        var consumed = 0
        while matched < 3, consumed < chunk.count, chunk[consumed] == bom[matched] {
            matched += 1
            consumed += 1
        }
        let rest = UnsafeRawBufferPointer(rebasing: chunk[consumed...])
        if matched < 3, rest.isEmpty {
            bomBytesMatched = matched
            return rest
        }
        bomBytesMatched = nil
        if matched < 3, matched > 0 {
            bom[0..<matched].withUnsafeBytes { feed($0, emit) }
        }
        return rest
    }

    // MARK: - Fields

    private mutating func overflow(atLine number: Int, bytes: Int, _ emit: (consuming SSEParsed) -> Void) {
        if eventStartLine == 0 { eventStartLine = number }
        eventBytes += bytes
        guard !discardingEvent else { return }
        emit(.overflow(SSEOverflow(line: eventStartLine, limit: maxEventBytes)))
        discardingEvent = true
        data = []
        hasData = false
        eventTypeBuffer.removeAll()
    }

    private mutating func processLine(_ line: UnsafeBufferPointer<UInt8>, number: Int, _ emit: (consuming SSEParsed) -> Void) {
        if line.isEmpty {
            // The blank line after a dropped event still commits its id, as a dispatch would.
            discardingEvent = false
            dispatch(emit)
            return
        }
        if eventStartLine > 0 { eventBytes += line.count + 1 }
        if discardingEvent || line[0] == ASCII.colon { return }
        if eventStartLine == 0 {
            eventStartLine = number
            eventBytes = line.count + 1
        }
        let name: UnsafeBufferPointer<UInt8>
        var value: UnsafeBufferPointer<UInt8>
        if let colon = line.firstIndex(of: ASCII.colon) {
            name = UnsafeBufferPointer(rebasing: line[..<colon])
            var valueStart = colon + 1
            if valueStart < line.count && line[valueStart] == ASCII.space { valueStart += 1 }
            value = UnsafeBufferPointer(rebasing: line[valueStart...])
        } else {
            name = line
            value = UnsafeBufferPointer(start: line.baseAddress, count: 0)
        }
        switch Field(name) {
        case .data:
            if (hasData ? data.count + 1 : 0) + value.count + 1 > maxEventBytes {
                overflow(atLine: number, bytes: 0, emit)
                return
            }
            if hasData {
                data.append(ASCII.lf)
                data.append(contentsOf: value)
            } else {
                data = Array(value)
                hasData = true
            }
        case .event:
            eventTypeBuffer.removeAll(keepingCapacity: true)
            eventTypeBuffer.append(contentsOf: value)
        case .id:
            if !value.contains(0) {
                lastEventIDBuffer.removeAll(keepingCapacity: true)
                lastEventIDBuffer.append(contentsOf: value)
                lastEventIDBufferSet = true
            }
        case .retry:
            if let milliseconds = Self.parseRetry(value) { retryMilliseconds = milliseconds }
        case .other:
            break
        }
    }

    private mutating func dispatch(_ emit: (consuming SSEParsed) -> Void) {
        if lastEventIDBufferSet {
            lastEventIDBufferSet = false
            lastEventID = String(decoding: lastEventIDBuffer, as: UTF8.self)
        }
        let startLine = eventStartLine
        defer {
            eventTypeBuffer.removeAll(keepingCapacity: true)
            eventStartLine = 0
            eventBytes = 0
        }
        guard hasData else { return }
        hasData = false
        var dispatched: [UInt8] = []
        swap(&dispatched, &data)
        let type = eventTypeBuffer.isEmpty ? "message" : String(decoding: eventTypeBuffer, as: UTF8.self)
        emit(.event(SSEEvent(type: type, dataBytes: dispatched, lastEventID: lastEventID), line: startLine))
    }

    /// ASCII digits only; a value too large for a signed 64-bit integer is ignored, as an
    /// empty one is.
    private static func parseRetry(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !value.isEmpty else { return nil }
        var result = 0
        for byte in value {
            guard byte >= ASCII.zero, byte <= ASCII.nine else { return nil }
            let (shifted, overflowA) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int(byte - ASCII.zero))
            if overflowA || overflowB { return nil }
            result = sum
        }
        return result
    }

    private enum Field {
        case data, event, id, retry, other

        init(_ name: UnsafeBufferPointer<UInt8>) {
            switch name.count {
            case 2 where Self.matches(name, "id"): self = .id
            case 4 where Self.matches(name, "data"): self = .data
            case 5 where Self.matches(name, "event"): self = .event
            case 5 where Self.matches(name, "retry"): self = .retry
            default: self = .other
            }
        }

        private static func matches(_ name: UnsafeBufferPointer<UInt8>, _ field: StaticString) -> Bool {
            (0..<field.utf8CodeUnitCount).allSatisfy { name[$0] == field.utf8Start[$0] }
        }
    }
}

enum ASCII {
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let colon: UInt8 = 0x3A
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
}
