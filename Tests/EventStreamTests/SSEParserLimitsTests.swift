import EventStream
import Testing

@Suite("SSE parser: line numbers and the size cap")
struct SSEParserLimitsTests {
    @Test("events report the line they began on")
    func lineNumbers() {
        let stream = Array(": hello\n\ndata: a\n\nid: 7\nevent: x\ndata: b\ndata: c\n\n".utf8)
        let lines = parse(stream).parsed.compactMap { parsed -> Int? in
            if case .event(_, let line) = parsed { return line }
            return nil
        }
        #expect(lines == [3, 5])
    }

    @Test("an event past the cap is dropped with its line, and the next one still arrives")
    func oversizedDataIsDropped() {
        let big = String(repeating: "x", count: 100)
        let stream = Array("data: ok1\n\ndata: \(big)\ndata: more\n\ndata: ok2\n\n".utf8)
        for cuts in [[], Array(0..<stream.count), [20, 60]] {
            let parsed = parse(stream, cuts: cuts, maxEventBytes: 64).parsed
            #expect(parsed == [
                .event(SSEEvent(data: "ok1"), line: 1),
                .overflow(SSEOverflow(line: 3, limit: 64)),
                .event(SSEEvent(data: "ok2"), line: 6),
            ], "cuts \(cuts)")
        }
    }

    @Test("a giant line split over chunks is dropped without buffering it whole")
    func giantLineAcrossChunks() {
        let giant = Array("data: ".utf8) + [UInt8](repeating: 0x41, count: 1 << 20) + Array("\n\ndata: after\n\n".utf8)
        let cuts = Array(stride(from: 4096, to: giant.count, by: 4096))
        let parsed = parse(giant, cuts: cuts, maxEventBytes: 1000).parsed
        #expect(parsed == [.overflow(SSEOverflow(line: 1, limit: 1000)), .event(SSEEvent(data: "after"), line: 3)])
    }

    @Test("a dropped event's id is still committed at its blank line")
    func droppedEventCommitsID() {
        let stream = Array("id: 9\ndata: \(String(repeating: "y", count: 80))\n\n".utf8)
        let (parsed, parser) = parse(stream, maxEventBytes: 32)
        #expect(parsed == [.overflow(SSEOverflow(line: 1, limit: 32))])
        #expect(parser.lastEventID == "9")
    }

    @Test("a line of exactly the cap is kept, one byte more is dropped")
    func lineAtTheCap() {
        let fits = String(repeating: "z", count: 64 - "data: ".utf8.count)
        #expect(parse(Array("data: \(fits)\n\n".utf8), maxEventBytes: 64).parsed == [.event(SSEEvent(data: fits), line: 1)])
        #expect(parse(Array("data: \(fits)z\n\n".utf8), maxEventBytes: 64).parsed == [.overflow(SSEOverflow(line: 1, limit: 64))])
    }
}
