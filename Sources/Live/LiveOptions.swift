import EventStream
import Foundation

/// How a ``LiveFeed`` connects, and what it does when the connection fails.
public struct LiveOptions: Sendable {
    public var request: StreamRequest
    /// With no bytes for this long (heartbeats and comments count), the connection is
    /// stalled: it is dropped and made again.
    public var idleTimeout: Duration = .seconds(45)
    /// Never reconnect: the first connection's end is the feed's end.
    public var once = false
    /// What to do when a stream that cannot be resumed breaks before the run completed.
    public var onInterruption = Interruption.waitForRestart
    /// Where the final result is when streaming is unavailable; nil: the fallback the server
    /// named, else the stream URL without its trailing `/stream`.
    public var batchURL: String?
    /// Where the server describes its pipeline's graph (`streamtop serve`'s `/api/graph`),
    /// asked once beside the stream; nil: not asked. No answer is no graph, never an error.
    public var graphURL: String?
    /// Skip TLS certificate checks (`--insecure`, and nothing else, does this).
    public var insecure = false
    public var maxEventBytes = SSEParser.defaultMaxEventBytes
    public var policy = ReconnectPolicy()
    /// Where proxies are read from (`http_proxy`, `https_proxy`, `no_proxy`…).
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// The wall clock in seconds since 1970: session start and HTTP-date `Retry-After`.
    public var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    /// Waits out a reconnection delay; tests inject one that returns at once and notes the
    /// wait, so that they take no real backoff time.
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    public init(request: StreamRequest) {
        self.request = request
    }
}

/// A stream that cannot be resumed broke: a new request would start, and pay for, a whole new
/// analysis.
public enum Interruption: Equatable, Sendable {
    /// Wait for ``FeedCommand/restartAnalysis`` (the dashboard's `r`).
    case waitForRestart
    /// Start a new analysis without asking (`--restart`, for unattended use).
    case restart
    /// End the feed with ``FeedEnd/interrupted(_:)``: nobody is there to ask.
    case end
}
