import Analysis
import EventStream
import Feeds
import JSON

/// Reads a recorded stream from a file or standard input, detecting its format from the
/// content, and hands out its items in order while holding only a chunk in memory.
///
/// Between chunks the reader can hand out a ``Checkpoint``: where it is in the file and its
/// framer's state (a value), from which a new reader continues exactly as this one would.
/// That is what lets a replay seek without reading the log again from the start.
public final class LogReader {
    public static let chunkSize = 1 << 16

    /// A place between two chunks of a log to continue reading from.
    public struct Checkpoint: Sendable {
        fileprivate let framer: LogFramer
        fileprivate let offset: Int
    }

    public let input: any ByteSource
    public var format: LogFormat { framer.format }
    /// A recording's header, known from the moment the reader opens.
    public var header: Recording.Header? { framer.header ?? openingHeader }
    private var openingHeader: Recording.Header?

    private var framer: LogFramer
    private let cache = StringCache()
    private let buffer: UnsafeMutableRawBufferPointer
    /// Bytes read to detect the format, not yet framed.
    private var firstBytes: [UInt8]?
    /// Bytes of the input framed so far.
    private var offset = 0
    private var ended = false

    public init(path: String, maxEventBytes: Int = SSEParser.defaultMaxEventBytes) throws(InputError) {
        input = try openByteSource(path: path)
        buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
        do throws(InputError) {
            let start = try Self.readStart(of: input, using: buffer)
            guard !start.isEmpty else { throw InputError.empty(path: input.displayName) }
            guard let format = LogFormat.detect(start) else {
                throw InputError.unknownFormat(path: input.displayName, start: Self.describe(start))
            }
            framer = LogFramer(format: format, maxEventBytes: maxEventBytes)
            firstBytes = start
            if format == .recording {
                let content = start.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
                openingHeader = try? Recording.parseHeader(Array(content.prefix { $0 != 0x0A && $0 != 0x0D }))
            }
        } catch {
            buffer.deallocate()
            throw error
        }
    }

    /// A reader that continues from `checkpoint`, taken from a reader of the same file.
    public init(path: String, resumingAt checkpoint: Checkpoint) throws(InputError) {
        input = try openByteSource(path: path)
        try input.seek(to: checkpoint.offset)
        buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
        framer = checkpoint.framer
        offset = checkpoint.offset
    }

    deinit {
        buffer.deallocate()
    }

    /// The next chunk's items, with the checkpoint from just before it; nil at the end.
    public func nextChunk() throws(InputError) -> (checkpoint: Checkpoint, items: [FeedItem])? {
        guard !ended else { return nil }
        let checkpoint = Checkpoint(framer: framer.compacted(), offset: offset)
        return try nextItems().map { (checkpoint, $0) }
    }

    /// The next chunk's items; nil at the end. For readers that never go back (no checkpoint
    /// is copied).
    public func nextItems() throws(InputError) -> [FeedItem]? {
        guard !ended else { return nil }
        var items: [FeedItem] = []
        try readChunk { items.append($0.decoded(cache: cache)) }
        return items
    }

    /// Hands every remaining item to `body`, in order: the fastest way through a whole log.
    public func forEach(_ body: (FeedItem) -> Void) throws(InputError) {
        while !ended {
            try readChunk { body($0.decoded(cache: cache)) }
        }
    }

    private func readChunk(_ emit: (LogEntry) -> Void) throws(InputError) {
        if let start = firstBytes {
            firstBytes = nil
            offset += start.count
            start.withUnsafeBytes { framer.feed($0, emit) }
            return
        }
        let count = try input.read(into: buffer)
        if count == 0 {
            ended = true
            framer.finish(emit)
        } else {
            offset += count
            framer.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count]), emit)
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
