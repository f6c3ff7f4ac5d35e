import Analysis
import EventStream
import Feeds

/// Reads a recorded stream from a file or standard input, detecting its format from the
/// content, and hands out its items in order while holding only a few chunks in memory.
/// The reading and decoding run on two threads (``DecodeAhead``), two chunks ahead of the
/// caller at most.
///
/// With each chunk the reader hands out a ``Checkpoint``: where it is in the file and its
/// framer's state (a value), from which a new reader continues exactly as this one would.
/// That is what lets a replay seek without reading the log again from the start.
public final class LogReader {
    /// Each chunk costs a handoff between the two threads (``DecodeAhead``): at 64 KiB their
    /// wake-ups were about 7% of a replay's CPU; at 1 MiB the memory held in flight grows.
    public static let chunkSize = 1 << 18

    /// A place between two chunks of a log to continue reading from.
    public struct Checkpoint: Sendable {
        let framer: LogFramer
        let offset: Int
    }

    public let format: LogFormat
    /// A recording's header, known from the moment the reader opens.
    public let header: Recording.Header?
    private let chunks: DecodeAhead

    public init(path: String, maxEventBytes: Int = SSEParser.defaultMaxEventBytes) throws(InputError) {
        let input = try openByteSource(path: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        let start = try Self.readStart(of: input, using: buffer)
        guard !start.isEmpty else { throw InputError.empty(path: input.displayName) }
        guard let format = LogFormat.detect(start) else {
            throw InputError.unknownFormat(path: input.displayName, start: Self.describe(start))
        }
        self.format = format
        if format == .recording {
            let content = start.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            header = try? Recording.parseHeader(Array(content.prefix { $0 != 0x0A && $0 != 0x0D }))
        } else {
            header = nil
        }
        let framer = LogFramer(format: format, maxEventBytes: maxEventBytes)
        chunks = DecodeAhead(LogChunks(input: input, framer: framer, firstBytes: start, offset: 0))
    }

    /// A reader that continues from `checkpoint`, taken from a reader of the same file.
    public init(path: String, resumingAt checkpoint: Checkpoint) throws(InputError) {
        let input = try openByteSource(path: path)
        try input.seek(to: checkpoint.offset)
        format = checkpoint.framer.format
        header = checkpoint.framer.header
        chunks = DecodeAhead(LogChunks(input: input, framer: checkpoint.framer, firstBytes: nil, offset: checkpoint.offset))
    }

    deinit {
        chunks.stop()
    }

    /// The next chunk's items, with the checkpoint from just before it; nil at the end.
    public func nextChunk() throws(InputError) -> (checkpoint: Checkpoint, items: [FeedItem])? {
        try chunks.next()
    }

    /// The next chunk's items; nil at the end.
    public func nextItems() throws(InputError) -> [FeedItem]? {
        try chunks.next()?.items
    }

    /// Hands every remaining item to `body`, in order: the fastest way through a whole log.
    public func forEach(_ body: (FeedItem) -> Void) throws(InputError) {
        while let items = try nextItems() {
            for item in items { body(item) }
        }
    }

    /// Reads until the first line is whole (or 64 KiB, or the end): a pipe may deliver less.
    private static func readStart(of input: any ByteSource, using buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> [UInt8] {
        var start: [UInt8] = []
        while start.count < 1 << 16 {
            let count = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<(1 << 16)]))
            if count == 0 { break }
            start.append(contentsOf: buffer[..<count])
            let content = start.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            if content.contains(0x0A) || content.contains(0x0D) { break }
        }
        return start
    }

    private static func describe(_ start: [UInt8]) -> String {
        let firstLine = start.prefix { $0 != 0x0A && $0 != 0x0D }
        let isText = firstLine.prefix(64).allSatisfy { (0x20..<0x7F).contains($0) || $0 == 0x09 || $0 >= 0xC2 }
        guard isText else {
            return "binary data (" + start.prefix(8).map { String($0, radix: 16) }.joined(separator: " ") + " …)"
        }
        let text = TextSanitizer.clean(String(decoding: firstLine.prefix(40), as: UTF8.self))
        return "\"\(text)\(firstLine.count > 40 ? "…" : "")\""
    }
}
