import EventStream
import Testing

/// Feeds `bytes` cut at `cuts` and returns what the parser dispatched and where it ended up.
func parse(_ bytes: [UInt8], cuts: [Int] = [], maxEventBytes: Int = SSEParser.defaultMaxEventBytes)
    -> (parsed: [SSEParsed], parser: SSEParser)
{
    var parser = SSEParser(maxEventBytes: maxEventBytes)
    var parsed: [SSEParsed] = []
    var start = 0
    for cut in cuts + [bytes.count] where cut >= start && cut <= bytes.count {
        parsed += parser.feed(bytes[start..<cut])
        start = cut
    }
    parser.finish()
    return (parsed, parser)
}

private func events(_ parsed: [SSEParsed]) -> [ConformanceVector.Expected] {
    parsed.compactMap {
        guard case .event(let event, _) = $0 else { return nil }
        return .init(type: event.type, data: event.data, last_event_id: event.lastEventID)
    }
}

@Suite("SSE conformance vectors")
struct SSEParserConformanceTests {
    @Test("fed whole", arguments: ConformanceVector.all)
    func whole(vector: ConformanceVector) {
        let (parsed, parser) = parse(vector.bytes)
        #expect(events(parsed) == vector.expected)
        #expect(parser.retryMilliseconds == vector.expected_retry_ms)
        #expect(parser.lastEventID == vector.expected_last_event_id)
    }

    @Test("fed in the vector's chunks", arguments: ConformanceVector.all.filter { $0.chunks != nil })
    func chunked(vector: ConformanceVector) {
        let (parsed, parser) = parse(vector.bytes, cuts: vector.chunks ?? [])
        #expect(events(parsed) == vector.expected)
        #expect(parser.retryMilliseconds == vector.expected_retry_ms)
        #expect(parser.lastEventID == vector.expected_last_event_id)
    }

    @Test("fed one byte at a time", arguments: ConformanceVector.all)
    func byteByByte(vector: ConformanceVector) {
        let bytes = vector.bytes
        let (parsed, parser) = parse(bytes, cuts: Array(0..<bytes.count))
        #expect(events(parsed) == vector.expected)
        #expect(parser.retryMilliseconds == vector.expected_retry_ms)
        #expect(parser.lastEventID == vector.expected_last_event_id)
    }

    @Test("cut in two at every byte", arguments: ConformanceVector.all)
    func everySplitPoint(vector: ConformanceVector) {
        let bytes = vector.bytes
        // Long inputs: every cut near the ends, where the BOM and the last line end are, plus a
        // spread through the middle; short ones: every cut.
        let cuts = bytes.count <= 4096
            ? Array(0...bytes.count)
            : Array(0..<512) + Array(stride(from: 512, to: bytes.count - 512, by: 97)) + Array(bytes.count - 512...bytes.count)
        for cut in cuts {
            let (parsed, parser) = parse(bytes, cuts: [cut])
            #expect(events(parsed) == vector.expected, "cut at \(cut)")
            #expect(parser.lastEventID == vector.expected_last_event_id, "cut at \(cut)")
        }
    }

    @Test("the set holds the 130 published cases")
    func vectorCount() {
        #expect(ConformanceVector.all.count == 130)
    }
}
