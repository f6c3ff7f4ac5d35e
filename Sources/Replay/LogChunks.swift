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
    private var ended = false

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

    /// The next chunk; once the log has ended, an empty last one.
    func next() throws(InputError) -> Chunk {
        let checkpoint = LogReader.Checkpoint(framer: framer.compacted(), offset: offset)
        var entries: [LogEntry] = []
        if let start = firstBytes {
            firstBytes = nil
            offset += start.count
            start.withUnsafeBytes { framer.feed($0) { entries.append($0) } }
            return Chunk(checkpoint: checkpoint, entries: entries, isLast: false)
        }
        guard !ended else { return Chunk(checkpoint: checkpoint, entries: [], isLast: true) }
        let count: Int
        do throws(InputError) {
            count = try input.read(into: buffer)
        } catch {
            ended = true
            throw error
        }
        if count == 0 {
            ended = true
            framer.finish { entries.append($0) }
        } else {
            offset += count
            framer.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { entries.append($0) }
        }
        return Chunk(checkpoint: checkpoint, entries: entries, isLast: ended)
    }
}
