import Analysis
import EventStream
import Feeds

/// Cuts the bytes of a recorded stream, in chunks of any size, into entries. Nothing in a log
/// stops it: a bad line becomes a diagnostic entry with its line number and framing goes on
/// with the next.
public struct LogFramer: Sendable {
    public let format: LogFormat
    /// The recording's header, once read (recordings only).
    public private(set) var header: Recording.Header?

    private var parser: SSEParser
    private var lines: LineSplitter

    public init(format: LogFormat, maxEventBytes: Int = SSEParser.defaultMaxEventBytes) {
        self.format = format
        parser = SSEParser(maxEventBytes: maxEventBytes)
        lines = LineSplitter(maxLineBytes: maxEventBytes)
    }

    /// A copy holding no spare buffer capacity, for keeping many of them (replay checkpoints).
    func compacted() -> LogFramer {
        var copy = self
        copy.parser = parser.compacted()
        copy.lines = lines.compacted()
        return copy
    }

    /// Frames one chunk, handing each entry to `emit` (handed over, as the parser's events are).
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (consuming LogEntry) -> Void) {
        if format == .sse {
            parser.feed(chunk) { emit(Self.entry(from: $0)) }
            return
        }
        // The splitter is moved out while it calls back into self, which owns it.
        var splitter = lines
        lines = LineSplitter(maxLineBytes: 1)
        splitter.feed(chunk) { handleLine($0, atEnd: false, emit) }
        lines = splitter
    }

    /// Ends the log, reporting an event or line that it cut short.
    public mutating func finish(_ emit: (consuming LogEntry) -> Void) {
        if format == .sse {
            if let unfinished = parser.finish() {
                emit(.diagnostic(unfinished.reason, line: unfinished.line, offset: nil))
            }
            return
        }
        var splitter = lines
        lines = LineSplitter(maxLineBytes: 1)
        splitter.finish { handleLine($0, atEnd: true, emit) }
        lines = splitter
    }

    private static func entry(from parsed: consuming SSEParsed) -> LogEntry {
        switch consume parsed {
        case .event(let event, let line):
            .event(event, line: line, arrival: nil, offset: nil, atEnd: false)
        case .overflow(let overflow):
            .diagnostic(overflow.reason, line: overflow.line, offset: nil)
        }
    }

    private mutating func handleLine(_ piece: LineSplitter.Piece, atEnd: Bool, _ emit: (consuming LogEntry) -> Void) {
        switch piece {
        case .tooLong(let number, let bytes):
            emit(.diagnostic(
                "a line of \(ByteCount.text(bytes)), longer than \(ByteCount.text(lines.maxLineBytes)), was skipped", line: number, offset: nil
            ))
        case .line(let bytes, let number):
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
            if format == .jsonLines {
                emit(.event(SSEEvent(dataBytes: Array(bytes)), line: number, arrival: nil, offset: nil, atEnd: atEnd))
            } else if let entry = recordingEntry(bytes, line: number, atEnd: atEnd) {
                emit(entry)
            }
        }
    }

    private mutating func recordingEntry(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, atEnd: Bool) -> LogEntry? {
        guard let header else {
            do {
                header = try Recording.parseHeader(Array(bytes))
                return nil
            } catch {
                return .diagnostic("the recording's header is unreadable (\(error))", line: line, offset: nil)
            }
        }
        do {
            guard let (offset, entry) = try Recording.parseEntry(bytes) else { return nil }
            switch entry {
            case .event(let event):
                let arrival = Timestamp(seconds: header.startedAt.seconds + offset)
                return .event(event, line: line, arrival: arrival, offset: offset, atEnd: false)
            case .diagnostic(let message):
                return .diagnostic(message, line: line, offset: offset)
            }
        } catch {
            let truncated = atEnd ? " (the file ends in the middle of this line: truncated?)" : ""
            return .diagnostic("unreadable recording entry (\(error))\(truncated)", line: line, offset: nil)
        }
    }
}
