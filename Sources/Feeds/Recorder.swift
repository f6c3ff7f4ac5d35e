#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Analysis
import EventStream

/// Writes a session in streamtop's recording format (see ``Recording``) as it happens: one
/// `write(2)` per entry, unbuffered, so that killing the process loses at most the entry in
/// flight. An existing file is kept unless `force` says otherwise.
public final class Recorder {
    public let path: String
    private let descriptor: Int32
    private let start = ContinuousClock.now

    public init(path: String, header: Recording.Header, force: Bool = false) throws(RecorderError) {
        self.path = path
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL)
        descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw RecorderError("\(path) exists; pass --force to overwrite it") }
            throw RecorderError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        do {
            try write(header.line)
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit {
        close(descriptor)
    }

    /// Records an item: its wire form as an event entry, a diagnostic (no wire form) as a
    /// diagnostic entry, and an engine's event as its envelope. `offset` is the item's own,
    /// else the time since the recorder opened.
    public func record(_ item: FeedItem) throws(RecorderError) {
        let offset = item.offset ?? (ContinuousClock.now - start).seconds
        let entry: Recording.Entry
        if let wire = item.wire {
            entry = .event(wire)
        } else if case .malformed(let reason) = item.event.kind {
            entry = .diagnostic(reason)
        } else {
            entry = .event(SSEEvent(data: item.event.envelope.serialized()))
        }
        try write(Recording.line(entry, offset: offset))
    }

    private func write(_ line: String) throws(RecorderError) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RecorderError("cannot write to \(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }
}

public struct RecorderError: Error, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
