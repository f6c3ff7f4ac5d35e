import Analysis
import EventStream
import Feeds
import JSON

/// The items a live session hands out, numbered by their line in the session's recording
/// (the header is line 1), so that a diagnostic names the same line live and in the replay of
/// the recording; events are decoded with one cache for the whole session.
struct SessionItems {
    private var line = 1
    private let cache = StringCache()

    /// An event as it came (already redacted), decoded; a missing timestamp is its arrival.
    mutating func event(_ wire: SSEEvent, arrival: Timestamp?, offset: Double) -> FeedItem {
        line += 1
        return FeedItem(event: AnalysisEvent.decode(wire, line: line, arrival: arrival, cache: cache), wire: wire, offset: offset)
    }

    /// A diagnostic: input that could not be used, numbered as the events are.
    mutating func diagnostic(_ reason: String, offset: Double) -> FeedItem {
        line += 1
        return FeedItem(event: AnalysisEvent(.malformed(reason: reason), line: line), wire: nil, offset: offset)
    }

    /// Ends a connection's body for the parser. An ordinary event it ended inside comes again
    /// on a resume (or the run is interrupted, which the status says), but one that had grown
    /// past the cap is lost whatever happens next: a diagnostic says so, with its size.
    mutating func endOfBody(_ parser: inout SSEParser, offset: Double) -> FeedItem? {
        guard let unfinished = parser.finish(), unfinished.exceededLimit != nil else { return nil }
        return diagnostic(unfinished.reason, offset: offset)
    }

    /// Whether any item was handed out yet.
    var isEmpty: Bool { line == 1 }
}
