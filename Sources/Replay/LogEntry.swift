import Analysis
import EventStream
import Feeds
import JSON

/// One entry of a recorded stream, framed but not yet decoded: framing is sequential, while
/// decoding entries is independent work that can run on several cores.
public enum LogEntry: Sendable {
    /// An event as it came over the wire. `atEnd`: the last line of a file that ends without a
    /// newline, which may have been cut short.
    case event(SSEEvent, line: Int, arrival: Timestamp?, offset: Double?, atEnd: Bool)
    /// Something in the log that is not an event: a line that could not be read, an event too
    /// large to keep, or a diagnostic that a recorded live session reported.
    case diagnostic(String, line: Int?, offset: Double?)

    /// Consuming: the wire event moves into the item, not copied.
    public consuming func decoded(cache: StringCache? = nil) -> FeedItem {
        switch consume self {
        case .event(let wire, let line, let arrival, let offset, let atEnd):
            // A `let`, not a `var` changed in place: a large value in a `var` is copied out of it.
            let event = AnalysisEvent.decode(wire, line: line, arrival: arrival, cache: cache)
            guard atEnd, case .malformed(let reason) = event.kind else {
                return FeedItem(event: event, wire: wire, offset: offset)
            }
            var cutShort = event
            cutShort.kind = .malformed(reason: reason + " (the file ends in the middle of this line: truncated?)")
            return FeedItem(event: cutShort, wire: wire, offset: offset)
        case .diagnostic(let reason, let line, let offset):
            return FeedItem(event: AnalysisEvent(.malformed(reason: reason), line: line), wire: nil, offset: offset)
        }
    }
}
