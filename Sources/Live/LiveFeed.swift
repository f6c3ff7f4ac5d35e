import Analysis
import Feeds

/// A live analysis stream over HTTP: connects, reads Server-Sent Events, decodes them, and
/// keeps the connection going by the rules of the protocol (resume with `Last-Event-ID`,
/// backoff with jitter, `Retry-After`, idle timeout, batch fallback). It knows nothing of the
/// screen.
///
/// The connection is read only as fast as the feed's reader takes its elements: a reader that
/// stops reading stops the reads from the socket, and TCP holds the server back.
///
/// ```swift
/// let feed = LiveFeed(LiveOptions(request: try StreamRequest(url: "http://127.0.0.1:8000/api/analysis/stream?…")))
/// var state = AnalysisState()
/// for await element in feed.elements() {       // cancelling this task closes the connection
///     switch element {
///     case .items(let items): for item in items { state.reduce(item.event) }
///     case .connection(.interrupted): feed.send(.restartAnalysis)   // the user pressed r
///     default: break
///     }
/// }
/// ```
public final class LiveFeed: Feed {
    public let options: LiveOptions
    private let clock: SessionClock
    private let restarts = RestartSignal()

    public init(_ options: LiveOptions) {
        self.options = options
        clock = SessionClock(now: options.now())
    }

    public var source: String { options.request.displayURL }
    public var startedAt: Timestamp { clock.startedAt }

    /// From connecting to the end (completed, failed, ended, interrupted or not live).
    /// Ending the iteration closes the connection at once, so the server sees the client go.
    public func elements() -> FeedElements {
        FeedElements { [options, clock, restarts] buffer in
            await LiveSession(options: options, clock: clock, restarts: restarts, out: buffer).run()
        }
    }

    /// ``FeedCommand/restartAnalysis`` starts a new analysis after
    /// ``ConnectionStatus/interrupted(_:)`` — the only time it does anything, so that a stray
    /// press never starts a second run.
    public func send(_ command: FeedCommand) {
        if command == .restartAnalysis { restarts.request() }
    }
}
