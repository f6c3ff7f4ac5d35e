import Analysis
import EventStream
import Feeds
import Foundation
import Replay
import Testing
import TestSupport

func samplePath(_ name: String) -> String {
    fixturePath("samples/\(name)")
}

func readAll(_ path: String) throws -> [FeedItem] {
    let reader = try LogReader(path: path)
    var items: [FeedItem] = []
    try reader.forEach { items.append($0) }
    return items
}

private func diagnostics(_ items: [FeedItem]) -> [(line: Int?, reason: String)] {
    items.compactMap { item in
        if case .malformed(let reason) = item.event.kind { return (item.event.line, reason) }
        return nil
    }
}

@Suite("Replaying logs")
struct LogReaderTests {
    @Test("the format is told from the content", arguments: [
        ("ref-default.sse", LogFormat.sse), ("ref-default.jsonl", .jsonLines), ("ref-multiline-mixed-eol.sse", .sse),
        ("lg-tiny-all-modes.sse", .sse),
    ])
    func detection(name: String, format: LogFormat) throws {
        #expect(try LogReader(path: samplePath(name)).format == format)
    }

    /// The reader decodes each chunk's entries on two threads: what comes out is what one
    /// thread decoding them in order makes, item for item.
    @Test("events decoded on two threads come out as one thread decodes them, in order")
    func decodedOnTwoThreads() throws {
        let path = temporaryPath("two-threads.sse")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try BenchLog.write(events: 5_000, to: path)
        var parser = SSEParser()
        var expected: [FeedItem] = []
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.withUnsafeBytes { all in
            parser.feed(all) { parsed in
                guard case .event(let wire, let line) = parsed else { return }
                expected.append(FeedItem(event: AnalysisEvent.decode(wire, line: line), wire: wire))
            }
        }
        let items = try readAll(path)
        #expect(items.count == 5_000)
        #expect(items == expected)
    }

    @Test("an SSE capture and the same events as JSON Lines give the same events")
    func sameEventsInEitherFormat() throws {
        let fromSSE = try readAll(samplePath("ref-default.sse")).map(\.event)
        let fromJSONL = try readAll(samplePath("ref-default.jsonl")).map(\.event)
        #expect(fromSSE.count == 28)
        #expect(fromSSE.map { var event = $0; event.line = nil; return event }
            == fromJSONL.map { var event = $0; event.line = nil; return event })
    }

    @Test("reading chunk by chunk gives what forEach gives; a checkpoint resumes exactly")
    func chunksAndCheckpoints() throws {
        // Many small events, so that the log spans several chunks.
        let event = #"data: {"type":"progress_update","data":{"progress":0.5,"message":"\#(String(repeating: "x", count: 300))"}}"#
        let text = (0..<9000).map { "id: \($0)\r\n" + event + "\r\n\r\n" }.joined()
        let path = try temporaryFile(Array(text.utf8))
        let all = try readAll(path)
        #expect(all.count == 9000)
        let reader = try LogReader(path: path)
        var chunks: [(checkpoint: LogReader.Checkpoint, items: [FeedItem])] = []
        while let chunk = try reader.nextChunk() { chunks.append(chunk) }
        #expect(chunks.count > 2)
        #expect(chunks.flatMap(\.items) == all)
        for (index, chunk) in chunks.enumerated() where index > 0 {
            let resumed = try LogReader(path: path, resumingAt: chunk.checkpoint)
            var rest: [FeedItem] = []
            try resumed.forEach { rest.append($0) }
            #expect(rest == chunks[index...].flatMap(\.items), "resumed at chunk \(index)")
        }
    }

    /// The reading thread waits for room while the reader holds its chunks ahead; a reader let
    /// go then must end it cleanly (libdispatch traps on a semaphore freed below its start).
    @Test("readers let go in the middle of a log end their reading threads cleanly")
    func readerLetGoMidway() throws {
        let event = #"data: {"type":"progress_update","data":{"progress":0.5,"message":"\#(String(repeating: "y", count: 300))"}}"#
        let path = try temporaryFile(Array((0..<9000).map { _ in event + "\n\n" }.joined().utf8))
        for taken in 0..<8 {
            let reader = try LogReader(path: path)
            var items = 0
            for _ in 0..<taken { items += try reader.nextItems()?.count ?? 0 }
            #expect(taken == 0 || items > 0)
        }
        #expect(try readAll(path).count == 9000)
    }

    @Test("a bad line in the middle is reported with its number and the rest replays")
    func badLineInTheMiddle() throws {
        let lines = try String(contentsOfFile: samplePath("ref-default.jsonl"), encoding: .utf8).split(separator: "\n")
        var damaged = lines.map(String.init)
        damaged[4] = #"{"type": "progress_update", "data": {"#
        damaged[9] = "\u{1}\u{2} binary \u{FF}"
        let items = try readAll(temporaryFile(Array(damaged.joined(separator: "\n").utf8)))
        #expect(items.count == 28)
        #expect(diagnostics(items).map(\.line) == [5, 10])
    }

    @Test("a truncated last line says the file may be cut short")
    func truncatedLastLine() throws {
        let text = try String(contentsOfFile: samplePath("ref-default.jsonl"), encoding: .utf8)
        let items = try readAll(temporaryFile(Array(text.utf8.dropLast(40))))
        #expect(items.count == 28)
        let last = try #require(diagnostics(items).last)
        #expect(last.line == 28)
        #expect(last.reason.contains("truncated"))
    }

    @Test("a JSON Lines file without a final newline loses nothing")
    func noFinalNewline() throws {
        let text = try String(contentsOfFile: samplePath("ref-default.jsonl"), encoding: .utf8)
        let items = try readAll(temporaryFile(Array(text.trimmingCharacters(in: .newlines).utf8)))
        #expect(items.count == 28)
        #expect(diagnostics(items).isEmpty)
    }

    @Test("an SSE capture cut inside an event says so")
    func truncatedCapture() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: samplePath("ref-default.sse"))))
        let items = try readAll(temporaryFile(Array(bytes.dropLast(100))))
        #expect(items.count == 28)
        #expect(diagnostics(items).last?.reason.contains("never finished") == true)
    }

    @Test("a capture that ends inside a line longer than the cap names the event dropped and its size")
    func endlessLine() throws {
        let text = #"data: {"type":"heartbeat"}"# + "\n\ndata: " + String(repeating: "x", count: 5_000)
        let reader = try LogReader(path: try temporaryFile(Array(text.utf8)), maxEventBytes: 1_000)
        var items: [FeedItem] = []
        try reader.forEach { items.append($0) }
        #expect(items.map(\.event.type) == ["heartbeat", "malformed"])
        #expect(items.last?.event.line == 3)
        #expect(diagnostics(items).last?.reason
            == "the stream ends inside an event that was never finished (larger than 1,000 bytes): its 5,006 bytes were dropped")
    }

    @Test("files that are not logs are refused with a clear reason")
    func notLogs() throws {
        let empty = try temporaryFile([], named: "empty")
        #expect(throws: InputError.empty(path: empty)) { try LogReader(path: empty) }
        let binary = try temporaryFile([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0xFF])
        do {
            _ = try LogReader(path: binary)
            Issue.record("a binary file was read as a log")
        } catch {
            #expect(error.description.contains("binary data"))
        }
        let prose = try temporaryFile(Array("Dear diary,\ntoday the server\n".utf8))
        do {
            _ = try LogReader(path: prose)
            Issue.record("prose was read as a log")
        } catch {
            #expect(error.description.contains("\"Dear diary,\""))
        }
        #expect(throws: InputError.self) { try LogReader(path: "/nonexistent/streamtop.log") }
        #expect(throws: InputError.self) { try LogReader(path: NSTemporaryDirectory()) }
    }

    @Test("a line larger than the cap is skipped with a diagnostic")
    func giantLine() throws {
        let giant = "{\"type\":\"progress_update\",\"data\":{\"message\":\"" + String(repeating: "x", count: 5000) + "\"}}"
        let text = #"{"type":"heartbeat"}"# + "\n" + giant + "\n" + #"{"type":"heartbeat"}"# + "\n"
        let reader = try LogReader(path: try temporaryFile(Array(text.utf8)), maxEventBytes: 1000)
        var items: [FeedItem] = []
        try reader.forEach { items.append($0) }
        #expect(items.map(\.event.type) == ["heartbeat", "malformed", "heartbeat"])
        #expect(items[1].event.line == 2)
    }
}

@Suite("Compressed logs")
struct GzipLogTests {
    @Test("a gzip-compressed capture replays directly, to the same events")
    func gzip() throws {
        let plain = try readAll(samplePath("ref-default.sse"))
        let reader = try LogReader(path: samplePath("ref-default.sse.gz"))
        #expect(reader.format == .sse)
        var items: [FeedItem] = []
        try reader.forEach { items.append($0) }
        #expect(items == plain)
    }

    @Test("two gzip members one after the other read as one log, as gunzip does")
    func concatenatedMembers() throws {
        let member = Array(try Data(contentsOf: URL(fileURLWithPath: samplePath("ref-default.sse.gz"))))
        #expect(try readAll(try temporaryFile(member + member)).count == 56)
    }

    @Test("a gzip file cut short replays as far as it goes, then fails saying it was cut short")
    func truncatedGzip() throws {
        let member = Array(try Data(contentsOf: URL(fileURLWithPath: samplePath("ref-default.sse.gz"))))
        let reader = try LogReader(path: try temporaryFile(Array(member.prefix(member.count * 2 / 3))))
        var items: [FeedItem] = []
        #expect {
            try reader.forEach { items.append($0) }
        } throws: { error in
            guard let error = error as? InputError, case .readFailed(_, let reason) = error else { return false }
            return reason.contains("the gzip data ends early")
        }
        #expect(items.count > 5)
        #expect(items.count < 28)
        // A whole member that ends with the file is no cut: the same log read whole.
        #expect(try readAll(try temporaryFile(member)).count == 28)
    }

    @Test("a checkpoint in a gzip log resumes by inflating again up to it")
    func gzipCheckpoint() throws {
        let text = (0..<9000).map { #"data: {"type":"progress_update","data":{"message":"\#($0) \#(String(repeating: "y", count: 300))"}}"# + "\n\n" }.joined()
        let plainPath = try temporaryFile(Array(text.utf8), named: "log.sse")
        let gzip = try ChildProcess.runBlocking(["gzip", "-k", plainPath])
        try #require(gzip.status == 0, "gzip: \(gzip.stderr)")
        let path = plainPath + ".gz"
        let reader = try LogReader(path: path)
        var chunks: [(checkpoint: LogReader.Checkpoint, items: [FeedItem])] = []
        while let chunk = try reader.nextChunk() { chunks.append(chunk) }
        #expect(chunks.count > 2)
        var rest: [FeedItem] = []
        try LogReader(path: path, resumingAt: chunks[2].checkpoint).forEach { rest.append($0) }
        #expect(rest == chunks[2...].flatMap(\.items))
    }
}
