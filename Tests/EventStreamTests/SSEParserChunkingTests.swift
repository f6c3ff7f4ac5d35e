import EventStream
import Foundation
import Testing
import TestSupport

func sampleBytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: fixtureURL("samples/\(name)")))
}

@Suite("SSE parser: any chunking gives the same events")
struct SSEParserChunkingTests {
    static let samples = [
        "ref-default.sse", "ref-multiline-mixed-eol.sse", "ref-invalid-unknown.sse",
        "ref-node-error.sse", "lg-analysis-error.sse", "lg-tiny-all-modes.sse",
    ]

    @Test("random chunkings of every vector", arguments: ConformanceVector.all)
    func randomChunkingsOfVectors(vector: ConformanceVector) {
        let bytes = vector.bytes
        let reference = parse(bytes).parsed
        var random = SeededGenerator(state: UInt64(bytes.count) &* 31 &+ 7)
        for _ in 0..<50 {
            let cuts = randomCuts(count: bytes.count, using: &random)
            #expect(parse(bytes, cuts: cuts).parsed == reference, "cuts \(cuts)")
        }
    }

    @Test("random chunkings of every recorded stream", arguments: samples)
    func randomChunkingsOfSamples(name: String) throws {
        let bytes = try sampleBytes(name)
        let (reference, referenceParser) = parse(bytes)
        #expect(!reference.isEmpty)
        var random = SeededGenerator(state: 42)
        for _ in 0..<100 {
            let cuts = randomCuts(count: bytes.count, using: &random)
            let (parsed, parser) = parse(bytes, cuts: cuts)
            #expect(parsed == reference)
            #expect(parser.lastEventID == referenceParser.lastEventID)
        }
    }

    @Test("every split point in the first 2 KB of a mixed-line-end stream with a BOM")
    func everySplitPointOfMixedLineEnds() throws {
        let bytes = try sampleBytes("ref-multiline-mixed-eol.sse")
        let reference = parse(bytes).parsed
        for cut in 0...2048 {
            #expect(parse(bytes, cuts: [cut]).parsed == reference, "cut at \(cut)")
        }
    }

    @Test("the recorded streams parse to the events they hold")
    func sampleEventCounts() throws {
        let counts = try Self.samples.map { name in parse(try sampleBytes(name)).parsed.count }
        // Counted independently with grep on the captures: one event per blank-line-terminated block.
        #expect(counts == [28, 28, 30, 19, 16, 54])
    }

    private func randomCuts(count: Int, using random: inout SeededGenerator) -> [Int] {
        guard count > 1 else { return [] }
        let pieces = Int.random(in: 1...min(count, 40), using: &random)
        return (0..<pieces).map { _ in Int.random(in: 0...count, using: &random) }.sorted()
    }
}
