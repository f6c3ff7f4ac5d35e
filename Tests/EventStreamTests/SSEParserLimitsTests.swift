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

    @Test("an event's data lines, each with its LF, may fill the cap exactly; one byte more drops it")
    func dataAtTheCap() {
        let first = String(repeating: "x", count: 30)
        let fits = String(repeating: "y", count: 64 - 30 - 2)
        #expect(parse(Array("data: \(first)\ndata: \(fits)\n\n".utf8), maxEventBytes: 64).parsed == [.event(SSEEvent(data: first + "\n" + fits), line: 1)])
        #expect(parse(Array("data: \(first)\ndata: \(fits)y\n\n".utf8), maxEventBytes: 64).parsed == [.overflow(SSEOverflow(line: 1, limit: 64))])
    }

    @Test("an event the stream ends inside is reported with its first line and size, in any split")
    func unfinishedEvent() {
        let stream = Array("data: done\n\n: note\nid: 3\ndata: half".utf8)
        for cuts in [[], Array(0..<stream.count)] {
            var parser = SSEParser()
            var start = 0
            for cut in cuts + [stream.count] where cut >= start {
                _ = parser.feed(stream[start..<cut])
                start = cut
            }
            // "id: 3\n" (6 bytes) and the unterminated "data: half" (10).
            #expect(parser.finish() == SSEUnfinished(line: 4, bytes: 16), "cuts \(cuts)")
            #expect(parser.finish() == nil, "finish forgets it")
        }
    }

    @Test("a line that never ends, past the cap: reported at the end with its whole size, never buffered")
    func endlessLine() {
        var parser = SSEParser(maxEventBytes: 1_000)
        let block = [UInt8](repeating: 0x61, count: 1 << 16)
        #expect(parser.feed(Array("data: ".utf8)).isEmpty)
        for _ in 0..<64 { #expect(parser.feed(block).isEmpty) }
        let unfinished = parser.finish()
        #expect(unfinished == SSEUnfinished(line: 1, bytes: 6 + 64 << 16, exceededLimit: 1_000))
        #expect(unfinished?.reason == "the stream ends inside an event that was never finished (larger than 1,000 bytes): its 4,194,310 bytes were dropped")
    }

    @Test("an event already reported as too large is not reported again at the end")
    func overflowedThenEnded() {
        var parser = SSEParser(maxEventBytes: 10)
        let parsed = parser.feed(Array("data: 0123456789abc\ndata: x".utf8))
        #expect(parsed == [.overflow(SSEOverflow(line: 1, limit: 10))])
        #expect(parser.finish() == nil)
    }
}
