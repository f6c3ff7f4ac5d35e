import CompressNIO
import NIOCore

/// A gzip-compressed log, inflated as it is read (with zlib, through compress-nio).
///
/// Concatenated gzip members are read one after another, as `gunzip` does. A file that ends
/// inside a member was cut short (a copy that stopped, a download still going): everything
/// before the cut is read, then the read fails saying so, rather than passing for a shorter
/// log. Seeking inflates again from the start: gzip has no random access.
final class GzipInput: ByteSource {
    private let file: InputFile
    private let inflater: ZlibDecompressor
    private var compressed: ByteBuffer
    private var fileEnded = false
    /// A member just ended and nothing of another has been read: the file may end here.
    private var betweenMembers = false

    init(file: InputFile) throws(InputError) {
        self.file = file
        do {
            inflater = try ZlibDecompressor(algorithm: .gzip)
        } catch {
            throw InputError.readFailed(path: file.displayName, reason: "cannot start gzip decompression (\(error))")
        }
        compressed = ByteBufferAllocator().buffer(capacity: 1 << 16)
    }

    var displayName: String { file.displayName }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var output = ByteBufferAllocator().buffer(capacity: buffer.count)
        while output.readableBytes == 0 {
            if compressed.readableBytes == 0, try !refill() {
                try endOfFile(output: &output)
                break
            }
            let before = compressed.readableBytes
            do {
                try inflater.inflate(from: &compressed, to: &output)
                if output.readableBytes == 0, compressed.readableBytes == before {
                    // The end of one member: another may follow.
                    try inflater.reset()
                    betweenMembers = true
                } else {
                    betweenMembers = false
                }
            } catch let error as CompressNIOError where error == .bufferOverflow {
                betweenMembers = false
                break
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                betweenMembers = false
                if try !refill() {
                    try endOfFile(output: &output)
                    break
                }
            } catch {
                throw InputError.readFailed(path: file.displayName, reason: "the gzip data is damaged (\(error))")
            }
        }
        let count = output.readableBytes
        output.withUnsafeReadableBytes { buffer.copyMemory(from: $0) }
        return count
    }

    func seek(to offset: Int) throws(InputError) {
        try file.seek(to: 0)
        do {
            try inflater.reset()
        } catch {
            throw InputError.readFailed(path: file.displayName, reason: "cannot restart gzip decompression (\(error))")
        }
        compressed.clear()
        fileEnded = false
        betweenMembers = false
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { scratch.deallocate() }
        var skipped = 0
        while skipped < offset {
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<min(scratch.count, offset - skipped)]))
            if count == 0 { break }
            skipped += count
        }
    }

    /// The file ended. After a member's end that is the data's end too; inside a member, zlib
    /// is asked once more with no input: it gives what it still holds, says the member ended
    /// (its last bytes were the trailer), or, wanting more, means the data was cut short.
    private func endOfFile(output: inout ByteBuffer) throws(InputError) {
        guard !betweenMembers else { return }
        do {
            try inflater.inflate(from: &compressed, to: &output)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            return
        } catch {
            throw InputError.readFailed(
                path: file.displayName,
                reason: "the gzip data ends early: the file was cut short, or is still being written (all before the cut was read)")
        }
    }

    /// Reads more compressed bytes; false at the end of the file.
    private func refill() throws(InputError) -> Bool {
        guard !fileEnded else { return false }
        compressed.discardReadBytes()
        let room = 1 << 16
        compressed.reserveCapacity(minimumWritableBytes: room)
        let count = try compressed.withUnsafeMutableWritableBytes { bytes throws(InputError) in
            try file.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[..<room]))
        }
        compressed.moveWriterIndex(forwardBy: count)
        if count == 0 { fileEnded = true }
        return count > 0
    }
}
