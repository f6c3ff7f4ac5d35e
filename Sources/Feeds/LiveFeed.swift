import Analysis

/// A live analysis stream over HTTP: connects, reads Server-Sent Events, decodes them, and
/// keeps the connection going by the rules of `vectors/client-semantics.md` and the issue
/// (resume with `Last-Event-ID`, backoff with jitter, `Retry-After`, idle timeout, batch
/// fallback). It knows nothing of the screen.
///
/// ```swift
/// let feed = LiveFeed(LiveOptions(request: try StreamRequest(url: "http://127.0.0.1:8000/api/analysis/stream?…")))
/// var state = DashboardState()
/// for await update in feed.updates() {        // cancelling this task closes the connection
///     switch update {
///     case .items(let items): for item in items { state.reduce(item.event) }
///     case .status(.interrupted): feed.restart()   // the user pressed r
///     case .status, .notice: break
///     }
/// }
/// ```
public final class LiveFeed: Sendable {
    public let options: LiveOptions
    private let clock: SessionClock
    private let restarts = RestartSignal()

    public init(_ options: LiveOptions) {
        self.options = options
        clock = SessionClock(now: options.now())
    }

    /// When the session started: a recording's header carries it, and items' offsets count
    /// from it.
    public var startedAt: Timestamp { clock.startedAt }

    /// The feed's updates, from connecting to the end (completed, failed, ended, or not live).
    /// Iterate once. Ending the iteration — cancelling the task, or dropping the sequence —
    /// closes the connection at once, so the server sees the client go.
    public func updates() -> AsyncStream<FeedUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: FeedUpdate.self)
        let task = Task { [options, clock, restarts] in
            await LiveSession(options: options, clock: clock, restarts: restarts, out: continuation).run()
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Starts a new analysis after ``ConnectionStatus/interrupted(_:)`` — the only time it
    /// does anything, so that a stray press never starts a second run.
    public func restart() {
        restarts.request()
    }
}
