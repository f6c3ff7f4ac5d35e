import Feeds

/// The kinds of recorded stream that `replay` reads, told apart by their content.
public enum LogFormat: String, Equatable, Sendable, CaseIterable {
    /// Raw `text/event-stream` bytes, as `curl -N URL > file` saves them.
    case sse
    /// One JSON envelope per line.
    case jsonLines = "jsonl"
    /// streamtop's own recording: a header line, then one timed entry per line (see README).
    case recording

    /// The format of a log from its first bytes, or nil if it is none of them. `prefix` should
    /// hold the first line whole when it can (a chunk of 64 KiB is plenty).
    public static func detect(_ prefix: [UInt8]) -> LogFormat? {
        var start = 0
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[start]) { start += 1 }
        let text = prefix[start...]
        if text.first == UInt8(ascii: "{") {
            let firstLine = text.prefix { $0 != 0x0A && $0 != 0x0D }
            return Recording.isHeader(Array(firstLine)) ? .recording : .jsonLines
        }
        // A bare `data` (an empty data line) ends with any line end.
        let fieldStarts = ["data:", "data\n", "data\r", "event:", "id:", "retry:", ":"].map { Array($0.utf8) }
        if fieldStarts.contains(where: { text.starts(with: $0) }) { return .sse }
        return nil
    }
}
