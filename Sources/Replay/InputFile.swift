#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or standard input ("-"), read in chunks with plain `read(2)` so that a log of any
/// size streams through a fixed buffer.
public final class InputFile: ByteSource {
    public let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Bytes read by `peek`, handed out again by the next reads.
    private var peeked: [UInt8] = []

    public init(path: String) throws(InputError) {
        self.path = path
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw InputError.cannotOpen(path: path, reason: Self.lastError()) }
        ownsDescriptor = true
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw InputError.cannotOpen(path: path, reason: "it is a directory")
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    public var displayName: String { path == "-" ? "standard input" : path }

    /// Whether the log at `path` can be opened again and read from its start, as seeking and
    /// the replay index do: a regular file can, but a pipe, a FIFO or a process substitution
    /// (`<(zcat log.gz)`) hands each byte to one reader only, and a second would steal from
    /// the first.
    public static func canBeReadAgain(path: String) -> Bool {
        guard path != "-" else { return false }
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads the first bytes without consuming them (standard input cannot seek back).
    public func peek(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            filled += count
        }
        peeked = Array(buffer[..<filled]) + peeked
        return filled
    }

    /// Moves to `offset` bytes from the start, for a reader resuming from a checkpoint.
    public func seek(to offset: Int) throws(InputError) {
        peeked = []
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw InputError.readFailed(path: displayName, reason: "cannot seek (\(Self.lastError()))")
        }
    }

    /// Fills `buffer` from the start with up to its size; returns the byte count, 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if !peeked.isEmpty {
            let count = min(buffer.count, peeked.count)
            peeked.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            peeked.removeFirst(count)
            return count
        }
        while true {
            let count = readBytes(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw InputError.readFailed(path: displayName, reason: Self.lastError())
        }
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

public enum InputError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case empty(path: String)
    case unknownFormat(path: String, start: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
        case .readFailed(let path, let reason): "cannot read \(path): \(reason)"
        case .empty(let path): "\(path) is empty: there is nothing to replay"
        case .unknownFormat(let path, let start):
            "\(path) is not a recorded stream: it starts with \(start), which is none of an SSE capture "
                + "(data:/event:/id: lines), JSON Lines of envelopes, or a streamtop recording"
        }
    }
}

/// `read(2)`, which the method of the same name hides inside the class.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
