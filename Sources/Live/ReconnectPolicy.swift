/// When to try again after a connection failed: exponential backoff with full jitter.
///
/// Attempt `k` (1 after the first failure) waits a random time in `[0, min(cap, base·2^(k-1))]`,
/// where `base` is the stream's `retry:` when it sent one, else ``baseDelay``. The server's
/// `retry:` is also a floor: the WHATWG standard makes the reconnection time a minimum, so the
/// jitter never goes below it. Counting starts again after a connection that stayed healthy for
/// ``healthyAfter``, so that a server which accepts and drops at once is not hammered.
public struct ReconnectPolicy: Sendable {
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// How long a connection must stay open to count as healthy and reset the backoff.
    public var healthyAfter: Duration
    /// A uniform draw from `0...upperBound` (seconds); injected by tests to make delays exact.
    public var random: @Sendable (_ upperBound: Double) -> Double

    public init(
        baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30), healthyAfter: Duration = .seconds(60),
        random: @escaping @Sendable (_ upperBound: Double) -> Double = { Double.random(in: 0...$0) }
    ) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.healthyAfter = healthyAfter
        self.random = random
    }

    /// The wait before attempt `attempt` (1-based), given the stream's `retry:` if it sent one.
    public func delay(attempt: Int, retry: Duration? = nil) -> Duration {
        let base = (retry ?? baseDelay).seconds
        let cap = max(maxDelay.seconds, retry?.seconds ?? 0)
        // 2^(attempt-1), without overflowing for a server that has failed for hours.
        let ceiling = min(cap, base * Double(1 << min(max(attempt, 1) - 1, 30)))
        let drawn = min(ceiling, max(0, random(ceiling)))
        return .seconds(max(drawn, retry?.seconds ?? 0))
    }
}
