import Analysis

/// A source of an analysis stream: a live connection, a log, a replay, the in-process engine.
/// Every source reaches a face (the dashboard, plain lines, a summary) by the same road: the
/// face pulls ``elements()`` and sends ``FeedCommand``s back.
///
/// Pulled, not pushed: a feed makes its next element only when the reader is ready for it,
/// with at most a small bounded buffer in between, so a slow reader (a stalled pipe, a busy
/// screen) holds the producer back down to the file or the socket.
///
/// ```swift
/// var state = AnalysisState()
/// for await element in feed.elements() {
///     if case .items(let items) = element { items.forEach { state.reduce($0.event) } }
/// }
/// ```
public protocol Feed: Sendable {
    /// Where the stream comes from, as a recording's header names it: a URL, a path, "demo".
    var source: String { get }
    /// When the feed started; items' offsets count from it.
    var startedAt: Timestamp { get }
    /// The stream from its start to its ``FeedElement/end(_:)``. Each iteration runs the feed
    /// anew; ending an iteration early (cancelling its task, dropping its iterator) stops the
    /// producer and closes what it had open.
    func elements() -> FeedElements
    /// Handled in the order sent, from any thread.
    func send(_ command: FeedCommand)
}
