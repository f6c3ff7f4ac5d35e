#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to standard output, so that a million plain lines cost a few hundred
/// system calls. A reader that goes away (`| head`) ends the program quietly, as `cat` does.
final class StandardOutput {
    nonisolated(unsafe) static let shared = StandardOutput()

    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    private init() {
        signal(SIGPIPE, SIG_IGN)
        buffer.reserveCapacity(capacity)
    }

    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= capacity { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                buffer.removeAll()
                return
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
