import Analysis
import Feeds

/// A log's bytes cut into chunks of framed entries, one chunk per call, each with the
/// checkpoint from just before it: the sequential half of reading a log, which
/// ``DecodeAhead`` runs on a thread of its own.
final class LogChunks {
    /// One read's worth of entries, not yet decoded. `isLast`: the log ended after it.
    struct Chunk {
        var checkpoint: LogReader.Checkpoint
        var entries: [LogEntry]
        var isLast: Bool
    }

    private let input: any ByteSource
    private var framer: LogFramer
    private let buffer: UnsafeMutableRawBufferPointer
    /// Bytes read to detect the format, not yet framed.
    private var firstBytes: [UInt8]?
    /// Bytes of the input framed so far.
    private var offset: Int

    init(input: any ByteSource, framer: LogFramer, firstBytes: [UInt8]?, offset: Int) {
        self.input = input
        self.framer = framer
        self.firstBytes = firstBytes
        self.offset = offset
        buffer = .allocate(byteCount: LogReader.chunkSize, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// The next chunk. Not called again after the last, or after a failed read.
    func next() throws(InputError) -> Chunk {
        let checkpoint = LogReader.Checkpoint(framer: framer.compacted(), offset: offset)
        var entries: [LogEntry] = []
        if let start = firstBytes {
            firstBytes = nil
            offset += start.count
            start.withUnsafeBytes { framer.feed($0) { entries.append($0) } }
            return Chunk(checkpoint: checkpoint, entries: entries, isLast: false)
        }
        let count = try input.read(into: buffer)
        if count == 0 {
            framer.finish { entries.append($0) }
        } else {
            offset += count
            framer.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { entries.append($0) }
        }
        return Chunk(checkpoint: checkpoint, entries: entries, isLast: count == 0)
    }
}
