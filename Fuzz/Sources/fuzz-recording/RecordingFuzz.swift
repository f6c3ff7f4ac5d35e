import Analysis
import EventStream
import Feeds
import FuzzSupport
import OutputFormats
import Replay

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum RecordingFuzz {
    /// The file each input is written to, one per process.
    static let path: String = {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return "\(directory)/streamtop-fuzz-recording-\(getpid()).log"
    }()

    static func run(_ bytes: [UInt8]) {
        checkLines(bytes)
        store(bytes, at: path)
        let reader: LogReader
        do {
            reader = try LogReader(path: path)
        } catch {
            // A gzip file may hold nothing; one cut short fails to read (F9, fixed; tested in
            // Tests/ReplayTests/FuzzRegressionTests.swift).
            if case .empty = error {
                fuzzCheck(bytes.isEmpty || bytes.starts(with: [0x1F, 0x8B]), "a file of \(bytes.count) bytes read as empty")
            }
            return
        }
        var items: [FeedItem] = []
        do {
            try reader.forEach { items.append($0) }
        } catch {
            // Only a gzip stream can fail midway (a corrupt or cut deflate stream).
            fuzzCheck(bytes.starts(with: [0x1F, 0x8B]), "a plain file failed midway: \(error)")
            return
        }
        for item in items {
            // What `--ui json` and `--ui plain` print for it.
            _ = item.event.envelope.serialized()
            _ = item.event.logLine
        }
        guard !bytes.starts(with: [0x1F, 0x8B]) else { return }

        // Plain: the reader's items are the framer's entries over the whole file, decoded
        // (with a cache of its own, which must change nothing).
        fuzzCheck(reader.format == LogFormat.detect(bytes), "read as \(reader.format), detected \(String(describing: LogFormat.detect(bytes)))")
        var framer = LogFramer(format: reader.format)
        var expected: [FeedItem] = []
        bytes.withUnsafeBytes { framer.feed($0) { expected.append($0.decoded()) } }
        framer.finish { expected.append($0.decoded()) }
        fuzzCheck(items == expected, "LogReader: \(items) != framed: \(expected)")
        if reader.format == .recording, let header = framer.header {
            fuzzCheck(reader.header == header, "header \(String(describing: reader.header)) != framed \(header)")
        }
        for item in items where item.wire != nil {
            // A recorded event has its offset; an event of another format has none.
            fuzzCheck((item.offset != nil) == (reader.format == .recording), "a \(reader.format) event with offset \(String(describing: item.offset))")
        }
    }

    /// Each line as a header and as an entry; what parses writes back as itself.
    static func checkLines(_ bytes: [UInt8]) {
        for line in bytes.split(separator: 0x0A) {
            let line = Array(line)
            if let header = try? Recording.parseHeader(line) {
                let again = try? Recording.parseHeader(Array(header.line.utf8))
                fuzzCheck(again?.source == header.source, "header \(header) reads back as \(String(describing: again))")
                if let again {
                    let drift = abs(again.startedAt.seconds - header.startedAt.seconds)
                    fuzzCheck(drift <= 1e-6, "started_at \(header.startedAt) reads back as \(again.startedAt)")
                }
            }
            // Unreadable, or a code this version skips.
            guard let (offset, entry) = line.withUnsafeBufferPointer({ try? Recording.parseEntry($0) }) else { continue }
            // The recorder writes offsets from its clock: from 0 to a long run's length.
            guard (0...1e9).contains(offset) else { continue }
            let written = Recording.line(entry, offset: offset)
            let back = Array(written.utf8).withUnsafeBufferPointer { try? Recording.parseEntry($0) }
            guard let (backOffset, backEntry) = back else {
                fuzzCheck(false, "\(written) does not read back")
                return
            }
            fuzzCheck(backEntry == entry, "\(written) reads back as \(backEntry), not \(entry)")
            fuzzCheck(abs(backOffset - offset) <= 1e-6, "offset \(offset) reads back as \(backOffset)")
            fuzzCheck(Recording.line(backEntry, offset: backOffset) == written, "\(written) is not written the same again")
        }
    }

    static func store(_ bytes: [UInt8], at path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        fuzzCheck(descriptor >= 0, "cannot open \(path)")
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            fuzzCheck(count > 0, "cannot write \(path)")
            written += count
        }
    }
}
