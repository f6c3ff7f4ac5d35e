import Analysis
import EventStream
import Feeds
import FuzzSupport
import Replay

enum LogFormatFuzz {
    /// A LogEntry, comparable.
    enum Framed: Equatable {
        case event(SSEEvent, line: Int, arrival: Timestamp?, offset: Double?, atEnd: Bool)
        case diagnostic(String, line: Int?, offset: Double?)

        init(_ entry: LogEntry) {
            switch entry {
            case .event(let event, let line, let arrival, let offset, let atEnd):
                self = .event(event, line: line, arrival: arrival, offset: offset, atEnd: atEnd)
            case .diagnostic(let message, let line, let offset):
                self = .diagnostic(message, line: line, offset: offset)
            }
        }

        var line: Int? {
            switch self {
            case .event(_, let line, _, _, _): line
            case .diagnostic(_, let line, _): line
            }
        }
    }

    struct Outcome: Equatable {
        var entries: [Framed]
        var header: Recording.Header?
    }

    static func run(_ bytes: [UInt8]) {
        let input = ChunkedInput(bytes)
        let payload = input.payload
        let detected = LogFormat.detect(payload)
        // The first line decides: once it is whole, what follows cannot change the format.
        if hasWholeFirstLine(payload) {
            for more: [UInt8] in [[0x0A], [0x7B], Array("data: x\n\n".utf8)] {
                let longer = LogFormat.detect(payload + more)
                fuzzCheck(longer == detected, "detected \(String(describing: detected)), with more after: \(String(describing: longer))")
            }
        }
        checkLineEnds(payload)

        let formats: [LogFormat] = [detected ?? .sse, .sse, .jsonLines, .recording]
        let format = formats[input.selector % 4]
        let cap = input.selector >= 8 ? 16 * (input.selector - 7) : SSEParser.defaultMaxEventBytes
        let whole = frame([payload[...]], format: format, cap: cap)
        check(whole, format: format)
        let chunked = frame(input.chunks, format: format, cap: cap)
        fuzzCheck(chunked == whole, "\(format) cut at \(input.cuts): \(chunked) != one chunk: \(whole)")
        if payload.count <= 1024 {
            let bytewise = frame(singleBytes(payload), format: format, cap: cap)
            fuzzCheck(bytewise == whole, "\(format) one byte at a time: \(bytewise) != \(whole)")
        }
    }

    /// The first line of content reads the same whichever line end (LF, CR, CRLF) ends it.
    static func checkLineEnds(_ payload: [UInt8]) {
        var start = payload.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < payload.count, [0x20, 0x09, 0x0A, 0x0D].contains(payload[start]) { start += 1 }
        guard let end = payload[start...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return }
        let ending = payload[end] == 0x0D && end + 1 < payload.count && payload[end + 1] == 0x0A ? 2 : 1
        let rest = payload[(end + ending)...]
        // (F8, fixed: a first line that is a bare `data` field was SSE when LF ended it, and
        // no known format when CR or CRLF did.)
        let withLF = LogFormat.detect(Array(payload[..<end]) + [0x0A] + rest)
        for ending: [UInt8] in [[0x0D], [0x0D, 0x0A]] {
            let other = LogFormat.detect(Array(payload[..<end]) + ending + rest)
            fuzzCheck(other == withLF, "ended by \(ending): \(String(describing: other)); by LF: \(String(describing: withLF))")
        }
    }

    static func frame(_ chunks: [ArraySlice<UInt8>], format: LogFormat, cap: Int) -> Outcome {
        var framer = LogFramer(format: format, maxEventBytes: cap)
        var entries: [Framed] = []
        for chunk in chunks {
            chunk.withUnsafeBytes { framer.feed($0) { entries.append(Framed($0)) } }
        }
        framer.finish { entries.append(Framed($0)) }
        return Outcome(entries: entries, header: framer.header)
    }

    static func check(_ outcome: Outcome, format: LogFormat) {
        var previous = 0
        for (index, entry) in outcome.entries.enumerated() {
            if let line = entry.line {
                // In a line-based log each line makes one entry at most.
                if format == .sse {
                    fuzzCheck(line >= previous, "line \(line) after \(previous)")
                } else {
                    fuzzCheck(line > previous, "line \(line) after \(previous)")
                }
                previous = line
            }
            if case .event(let event, _, let arrival, let offset, let atEnd) = entry {
                fuzzCheck(!atEnd || index == outcome.entries.count - 1, "an entry at the end that is not the last")
                switch format {
                case .recording:
                    fuzzCheck(outcome.header != nil && offset != nil && arrival != nil, "a recorded event without its time")
                case .sse, .jsonLines:
                    fuzzCheck(offset == nil && arrival == nil, "a \(format) event with a time")
                    if format == .jsonLines { fuzzCheck(event.type == "message", "a JSON Lines event named \(event.type)") }
                }
            }
        }
    }
}
