#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a byte stream, arriving in chunks of any size, into lines ending in CR, LF or CRLF.
///
/// A CR at the end of one chunk and an LF at the start of the next are one line end. Lines
/// inside a chunk are handed out in place, without copying; only a line split across chunks is
/// buffered, and never beyond `maxLineBytes`: a longer line is reported as ``Piece/tooLong``
/// and its bytes are dropped as they arrive.
public struct LineSplitter: Sendable {
    public enum Piece {
        /// A line without its line end, and its 1-based number. The buffer is valid only
        /// during the call.
        case line(UnsafeBufferPointer<UInt8>, number: Int)
        /// A line longer than `maxLineBytes`, dropped, and how long it was.
        case tooLong(number: Int, bytes: Int)
    }

    public let maxLineBytes: Int
    /// How many lines have been handed out.
    public private(set) var lineNumber = 0
    /// The bytes of the line in progress (the stream's last, unterminated, at its end),
    /// counted also once it is being dropped.
    public private(set) var pendingBytes = 0

    private var partial: [UInt8] = []
    /// The previous chunk ended inside a line.
    private var lineContinues = false
    /// The line in progress has grown past the cap and is being dropped.
    private var lineTooLong = false
    /// A CR ended the previous chunk, so an LF at the start of this one belongs to it.
    private var skipLeadingLF = false

    public init(maxLineBytes: Int) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ handle: (Piece) -> Void) {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let count = chunk.count
        var position = 0
        if skipLeadingLF {
            skipLeadingLF = false
            if bytes[0] == 0x0A { position = 1 }
        }
        // Where the next LF and CR are; each is searched again only once passed, so a stream
        // that uses only one of them is not rescanned for the other at every line.
        var nextLF = -1
        var nextCR = -1
        while position < count {
            if nextLF < position { nextLF = Self.find(0x0A, in: bytes, from: position, to: count) }
            if nextCR < position { nextCR = Self.find(0x0D, in: bytes, from: position, to: count) }
            let end = min(nextLF, nextCR)
            let segment = UnsafeBufferPointer(start: bytes + position, count: end - position)
            if end == count {
                keep(segment)
                return
            }
            lineNumber += 1
            if lineContinues {
                keep(segment)
                lineContinues = false
                let bytes = pendingBytes
                pendingBytes = 0
                if lineTooLong {
                    lineTooLong = false
                    handle(.tooLong(number: lineNumber, bytes: bytes))
                } else {
                    partial.withUnsafeBufferPointer { handle(.line($0, number: lineNumber)) }
                    partial.removeAll(keepingCapacity: partial.capacity <= 1 << 16)
                }
            } else {
                handle(segment.count > maxLineBytes
                    ? .tooLong(number: lineNumber, bytes: segment.count) : .line(segment, number: lineNumber))
            }
            position = end + 1
            if bytes[end] == 0x0D {
                if position == count {
                    skipLeadingLF = true
                } else if bytes[position] == 0x0A {
                    position += 1
                }
            }
        }
    }

    /// Ends the stream, handing out a last line that had no line end (SSE discards it; a JSON
    /// Lines file often just lacks its final newline).
    public mutating func finish(_ handle: (Piece) -> Void) {
        if lineContinues {
            lineNumber += 1
            if lineTooLong {
                handle(.tooLong(number: lineNumber, bytes: pendingBytes))
            } else {
                partial.withUnsafeBufferPointer { handle(.line($0, number: lineNumber)) }
            }
        }
        partial.removeAll()
        pendingBytes = 0
        lineContinues = false
        lineTooLong = false
        skipLeadingLF = false
    }

    /// A copy holding no spare buffer capacity, for keeping many of them (replay checkpoints).
    public func compacted() -> LineSplitter {
        var copy = self
        copy.partial = Array(partial)
        return copy
    }

    private mutating func keep(_ segment: UnsafeBufferPointer<UInt8>) {
        lineContinues = true
        pendingBytes += segment.count
        guard !lineTooLong else { return }
        if partial.count + segment.count > maxLineBytes {
            lineTooLong = true
            partial.removeAll()
        } else {
            partial.append(contentsOf: segment)
        }
    }

    private static func find(_ byte: UInt8, in bytes: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        guard let found = memchr(bytes + from, Int32(byte), to - from) else { return to }
        return bytes.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
