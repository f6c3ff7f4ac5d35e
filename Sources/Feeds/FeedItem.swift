import Analysis
import EventStream

/// One event of a stream as a feed hands it out: the decoded event (its `line` is its position
/// in the source), the event as it came over the wire (so that it can be recorded again
/// unchanged), and when it arrived.
public struct FeedItem: Equatable, Sendable {
    // Declared in this order so that the memberwise initializer, which the public one calls,
    // has labels of its own (see the note on AnalysisEvent's initializers).
    /// The SSE event it was decoded from; nil for diagnostics, which have no wire form, and
    /// for the engine's events, which are recorded as their envelope.
    public var wire: SSEEvent?
    /// Seconds from the start of the feed (or of the recording it was read from); nil when the
    /// source does not say.
    public var offset: Double?
    public var event: AnalysisEvent
}

extension FeedItem {
    public init(event: AnalysisEvent, wire: SSEEvent? = nil, offset: Double? = nil) {
        self.init(wire: wire, offset: offset, event: event)
    }
}
