import Analysis
import EventStream

/// One entry of a recorded stream: the decoded event, the event as it came over the wire (so
/// that it can be recorded again unchanged), and when it arrived, where the log says.
public struct ReplayItem: Equatable, Sendable {
    public var event: AnalysisEvent
    /// The SSE event it was decoded from; nil for diagnostics, which have no wire form.
    public var wire: SSEEvent?
    /// Seconds from the start of the recording, in streamtop recordings.
    public var offset: Double?

    public init(event: AnalysisEvent, wire: SSEEvent?, offset: Double? = nil) {
        self.event = event
        self.wire = wire
        self.offset = offset
    }
}
