import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads `descriptor` to its end, handing over each read's complete lines (without their LF)
/// as they come, and last the unterminated rest if there is one. Blocks: call it on a thread of
/// its own. The descriptor stays open: its owner closes it.
public func readLines(from descriptor: Int32, _ body: ([String]) -> Void) {
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var pending: [UInt8] = []
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        pending.append(contentsOf: buffer[..<count])
        var complete: [String] = []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            complete.append(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
        if !complete.isEmpty { body(complete) }
    }
    if !pending.isEmpty { body([String(decoding: pending, as: UTF8.self)]) }
}
