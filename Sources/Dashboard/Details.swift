import Analysis

/// What Enter opened: the selected item, as it was then (a list moving on does not change
/// what is read), and how far its details are scrolled. A stage or a competitor is named, not
/// copied: its details follow the run.
public struct Details: Equatable, Sendable {
    public enum Subject: Equatable, Sendable {
        case insight(Insight)
        case source(SourcePreview)
        /// An error, and the events that came just before it (oldest first).
        case error(ErrorEntry, before: [AnalysisEvent])
        case diagnostic(Diagnostic)
        case stage(name: String, competitor: String?, taskID: String?)
        case competitor(String)
        case event(AnalysisEvent)
        case message(id: String)
    }

    /// The events before an error that its details show.
    static let eventsBeforeError = 8

    public var subject: Subject
    /// Rows scrolled past from the top.
    public var scroll = 0

    public init(subject: Subject) {
        self.subject = subject
    }
}
