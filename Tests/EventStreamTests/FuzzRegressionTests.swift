import EventStream
import Foundation
import Testing
import TestSupport

/// An input of the `sse-parser` fuzz target (Fuzz/Sources/FuzzSupport/Chunking.swift): byte 0's
/// low nibble counts the cut points that follow (UInt16, little-endian), its high nibble picks
/// the size cap (0: the default, else 4 × n²); the rest is the stream.
private struct FuzzInput {
    var cap: Int
    var cuts: [Int]
    var stream: [UInt8]

    init(_ bytes: [UInt8]) {
        let first = Int(bytes.first ?? 0)
        let count = min(first & 0x0F, max(0, bytes.count - 1) / 2)
        let stream = Array(bytes.dropFirst(1 + 2 * count))
        self.stream = stream
        cuts = (0..<count).map { (Int(bytes[1 + 2 * $0]) | Int(bytes[2 + 2 * $0]) << 8) % (stream.count + 1) }.sorted()
        cap = first >> 4 == 0 ? SSEParser.defaultMaxEventBytes : 4 * (first >> 4) * (first >> 4)
    }
}

private func fuzzInput(_ name: String) throws -> FuzzInput {
    FuzzInput(Array(try Data(contentsOf: fixtureURL("fuzz/sse-parser/\(name)"))))
}

/// Inputs on which the `sse-parser` fuzz target (scripts/fuzz) found the parser wrong, kept in
/// Tests/Fixtures/fuzz/sse-parser as the fuzzer reads them.
@Suite("SSE parser: inputs the fuzzer found")
struct SSEParserFuzzRegressionTests {
    static let inputs = (try? FileManager.default.contentsOfDirectory(atPath: fixturePath("fuzz/sse-parser")).sorted()) ?? []

    @Test("each input parses the same in one chunk, at its cut points and a byte at a time", arguments: inputs)
    func chunkings(name: String) throws {
        let input = try fuzzInput(name)
        let (whole, wholeParser) = parse(input.stream, maxEventBytes: input.cap)
        let (cut, cutParser) = parse(input.stream, cuts: input.cuts, maxEventBytes: input.cap)
        let (bytewise, _) = parse(input.stream, cuts: Array(input.stream.indices), maxEventBytes: input.cap)
        #expect(cut == whole)
        #expect(bytewise == whole)
        #expect(cutParser.lastEventID == wholeParser.lastEventID)
    }

    /// Found by the fuzzer (a check against a plain reading of the WHATWG algorithm): the start
    /// of a BOM that the stream ends in is an unterminated line like any other, but finish()
    /// said nothing was cut short.
    @Test("a stream that ends inside a BOM's bytes ends in an unfinished line")
    func partialBOMAtEnd() throws {
        let input = try fuzzInput("partial-bom-at-end")
        #expect(input.stream == [0xEF])
        var parser = SSEParser()
        #expect(parser.feed(input.stream).isEmpty)
        #expect(parser.finish() == SSEUnfinished(line: 1, bytes: 1))
    }

    /// A live session keeps one parser across reconnects (for the last event id and retry) and
    /// calls finish() when a connection ends; each connection's body is a stream of its own,
    /// which may start with its own BOM. finish() did not reset the BOM state, so the second
    /// stream's BOM was read as part of its first field name and that field was lost.
    @Test("after finish(), the next stream's leading BOM is skipped")
    func bomAfterReconnect() throws {
        let input = try fuzzInput("bom-after-reconnect")
        var parser = SSEParser()
        let first = parser.feed(input.stream)
        parser.finish()
        #expect(first == [.event(SSEEvent(data: "after a reconnect"), line: 1)])
        let second = parser.feed(input.stream)
        parser.finish()
        #expect(second.map { if case .event(let event, _) = $0 { event.data } else { "" } } == ["after a reconnect"])
    }
}
