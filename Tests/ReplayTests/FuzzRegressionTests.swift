import Analysis
import Feeds
import Foundation
import Replay
import Testing
import TestSupport

/// Inputs on which the `log-format` and `recording` fuzz targets (scripts/fuzz) found format
/// detection or the recording reader wrong, kept in Tests/Fixtures/fuzz as the fuzzer reads them.
@Suite("Logs and recordings: inputs the fuzzer found")
struct ReplayFuzzRegressionTests {
    /// The `log-format` input's stream: its first byte (no cut points, format as detected).
    private func logInput(_ name: String) throws -> [UInt8] {
        let bytes = Array(try Data(contentsOf: fixtureURL("fuzz/log-format/\(name)")))
        return Array(bytes.dropFirst(1 + 2 * min(Int(bytes.first ?? 0) & 0x0F, max(0, bytes.count - 1) / 2)))
    }

    /// A bare `data` line (a field without a colon: an empty data line, valid SSE) is detected
    /// as SSE when LF ends it, and as no format at all when CRLF or CR does: `replay` refuses
    /// such a capture. Fix: in `LogFormat.detect`, accept "data" followed by CR as well as LF
    /// (or by the end of the prefix), as for the fields with a colon.
    @Test("a capture whose first line is a bare data field is SSE, whatever ends the line")
    func bareDataField() throws {
        let log = try logInput("bare-data-field-cr")
        #expect(log.starts(with: Array("data\r\n".utf8)))
        #expect(LogFormat.detect(Array("data\n".utf8) + log.dropFirst(6)) == .sse)
        #expect(LogFormat.detect(log) == .sse)
    }

    /// A recording entry's offset is any finite number, and the arrival it makes (the header's
    /// start plus the offset) becomes the event's timestamp, which `Timestamp.text` then cannot
    /// print (F3): `replay --ui json` of such a recording traps. Fix: as F3, and reject entries
    /// whose offset is negative or not a sane length of time in `Recording.parseEntry`.
    @Test("a recorded event far in the future prints as an envelope")
    func offsetFarInTheFuture() async {
        await #expect(processExitsWith: .success) {
            guard let reader = try? LogReader(path: fixturePath("fuzz/recording/offset-far-future")) else { return }
            try? reader.forEach { _ = $0.event.envelope.serialized() }
        }
    }

    /// GzipInput took the end of the file for the end of the compressed data (fuzz finding F9):
    /// a .gz cut short (a copy that stopped, a download still running) replayed as far as it
    /// went, without a word, or, cut within its first block, was "empty: there is nothing to
    /// replay". At the file's end it now fails with `readFailed` unless a member had ended.
    @Test("a gzip log cut short is reported as damaged, not as empty")
    func truncatedGzip() throws {
        let path = fixturePath("fuzz/recording/gzip-truncated")
        #expect {
            let reader = try LogReader(path: path)
            try reader.forEach { _ in }
        } throws: { error in
            guard let error = error as? InputError, case .readFailed(_, let reason) = error else { return false }
            return reason.contains("the gzip data ends early")
        }
    }

    @Test("each recording input reads as framed, whole", arguments: (try? FileManager.default.contentsOfDirectory(atPath: fixturePath("fuzz/recording")).sorted()) ?? [])
    func recordings(name: String) throws {
        let path = fixturePath("fuzz/recording/\(name)")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        guard !bytes.starts(with: [0x1F, 0x8B]) else { return }
        let reader = try LogReader(path: path)
        var items: [FeedItem] = []
        try reader.forEach { items.append($0) }
        var framer = LogFramer(format: reader.format)
        var expected: [FeedItem] = []
        bytes.withUnsafeBytes { framer.feed($0) { expected.append($0.decoded()) } }
        framer.finish { expected.append($0.decoded()) }
        #expect(items == expected)
    }
}
