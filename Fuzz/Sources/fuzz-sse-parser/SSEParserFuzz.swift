import EventStream
import FuzzSupport

enum SSEParserFuzz {
    /// Everything a parse tells, for comparing one parse with another.
    struct Outcome: Equatable {
        var parsed: [SSEParsed]
        /// What finish() reports as cut short.
        var unfinished: SSEUnfinished?
        var lastEventID: String
        var retryMilliseconds: Int?
    }

    /// Byte-at-a-time feeding costs a call per byte: only for payloads up to this size.
    static let singleByteLimit = 1024

    static func run(_ bytes: [UInt8]) {
        let input = ChunkedInput(bytes)
        // 0: the default (8 MiB, never reached by an input of libFuzzer's size); else small
        // caps, from 4 to 900 bytes, so that lines and events overflow.
        let cap = input.selector == 0 ? SSEParser.defaultMaxEventBytes : 4 * input.selector * input.selector
        let whole = parse([input.payload[...]], cap: cap)
        check(whole, payload: input.payload, cap: cap)

        let chunked = parse(input.chunks, cap: cap)
        fuzzCheck(chunked == whole, "cut at \(input.cuts): \(chunked) != one chunk: \(whole)")
        if input.chunks.count > 1 {
            let compacted = parse(input.chunks, cap: cap, compactBefore: input.chunks.count / 2)
            fuzzCheck(compacted == whole, "compacted copy: \(compacted) != \(whole)")
        }
        if input.payload.count <= singleByteLimit {
            let bytewise = parse(singleBytes(input.payload), cap: cap)
            fuzzCheck(bytewise == whole, "one byte at a time: \(bytewise) != \(whole)")
        }
        if cap == SSEParser.defaultMaxEventBytes {
            let reference = ReferenceParser.parse(input.payload)
            fuzzCheck(whole.parsed == reference.parsed, "parser: \(whole.parsed) != reference: \(reference.parsed)")
            fuzzCheck(whole.lastEventID == reference.lastEventID && whole.retryMilliseconds == reference.retryMilliseconds,
                      "parser: \(whole) != reference: \(reference)")
            // The reference knows where an unfinished event began, not how the parser counts its bytes.
            // (F5, fixed: a stream that ended inside a BOM's first bytes reported nothing.)
            fuzzCheck(whole.unfinished?.line == reference.unfinishedLine,
                      "unfinished event at \(String(describing: whole.unfinished)), the reference says line \(String(describing: reference.unfinishedLine))")
            fuzzCheck(whole.unfinished?.exceededLimit == nil, "an unfinished event past the default cap: \(String(describing: whole.unfinished))")
        }
        reconnect(input.payload, cap: cap, first: whole)
    }

    /// A live session keeps its parser across reconnects (for the last event id and retry),
    /// calling finish() when a connection ends: the next connection's stream must parse as
    /// the first did (the same events, by type and data).
    static func reconnect(_ payload: [UInt8], cap: Int, first: Outcome) {
        // (F6, fixed: finish() kept the BOM state, so a stream after a reconnect that started
        // with a BOM lost its first field.)
        var parser = SSEParser(maxEventBytes: cap)
        var parsed: [SSEParsed] = []
        for _ in 0..<2 {
            parsed = []
            payload.withUnsafeBytes { parser.feed($0) { parsed.append($0) } }
            parser.finish()
        }
        let contents = { (items: [SSEParsed]) in
            items.map { item -> [UInt8] in
                if case .event(let event, _) = item { return Array(event.type.utf8) + [0] + event.dataBytes }
                return [0xFF]
            }
        }
        fuzzCheck(contents(parsed) == contents(first.parsed), "after a reconnect: \(parsed), first: \(first.parsed)")
    }

    static func parse(_ chunks: [ArraySlice<UInt8>], cap: Int, compactBefore: Int? = nil) -> Outcome {
        var parser = SSEParser(maxEventBytes: cap)
        var parsed: [SSEParsed] = []
        for (index, chunk) in chunks.enumerated() {
            // A replay checkpoint keeps a compacted copy and continues from it.
            if index == compactBefore { parser = parser.compacted() }
            chunk.withUnsafeBytes { parser.feed($0) { parsed.append($0) } }
        }
        let unfinished = parser.finish()
        return Outcome(
            parsed: parsed, unfinished: unfinished, lastEventID: parser.lastEventID,
            retryMilliseconds: parser.retryMilliseconds
        )
    }

    /// What any parse must satisfy on its own.
    static func check(_ outcome: Outcome, payload: [UInt8], cap: Int) {
        let lineEnds = payload.filter { $0 == 0x0A || $0 == 0x0D }.count
        var previousLine = 0
        for item in outcome.parsed {
            let line: Int
            switch item {
            case .event(let event, let at):
                line = at
                fuzzCheck(!event.type.isEmpty, "an event without a type: \(item)")
                fuzzCheck(!event.type.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }), "a line end in a type: \(item)")
                fuzzCheck(!event.dataBytes.contains(0x0D), "a CR in an event's data: \(item)")
                fuzzCheck(event.dataBytes.count < cap, "data of \(event.dataBytes.count) bytes past the cap \(cap)")
                fuzzCheck(!event.lastEventID.utf8.contains(where: { $0 == 0 || $0 == 0x0A || $0 == 0x0D }),
                          "a NUL or line end in an id: \(item)")
            case .overflow(let overflow):
                line = overflow.line
                fuzzCheck(overflow.limit == cap, "an overflow with limit \(overflow.limit), the cap is \(cap)")
            }
            fuzzCheck(line > previousLine, "line \(line) after line \(previousLine): \(outcome.parsed)")
            fuzzCheck(line <= lineEnds, "line \(line) of \(lineEnds) lines ended")
            previousLine = line
        }
        if let unfinished = outcome.unfinished {
            fuzzCheck(unfinished.line > previousLine && unfinished.line <= lineEnds + 1, "unfinished event at line \(unfinished.line)")
            fuzzCheck(unfinished.bytes >= 0 && unfinished.bytes <= payload.count, "unfinished event of \(unfinished.bytes) bytes of \(payload.count)")
            fuzzCheck(unfinished.exceededLimit == nil || unfinished.exceededLimit == cap, "unfinished past \(String(describing: unfinished.exceededLimit)), the cap is \(cap)")
        }
        fuzzCheck(!outcome.lastEventID.utf8.contains(0), "a NUL in the last event id")
    }
}
