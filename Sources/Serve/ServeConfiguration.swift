/// How `streamtop serve` runs: where it listens, the pace and randomness of its runs, and its limits.
public struct ServeConfiguration: Sendable {
    /// The demo's options that every run shares; the request names the rest.
    public struct Pace: Sendable {
        public var speed: Double
        public var seed: UInt64
        public var failRate: Double

        public init(speed: Double, seed: UInt64, failRate: Double) {
            self.speed = speed
            self.seed = seed
            self.failRate = failRate
        }
    }

    public var host: String
    /// 0 picks a free port; the server says which on standard output.
    public var port: Int
    public var pace: Pace
    public var heartbeat: Duration
    public var maxStreams: Int
    /// Stream requests per client address, reconnects included.
    public var rateLimit: RateLimit
    /// How long a run is held after its end.
    public var hold: Duration
    /// How long a run no one watches goes on before it is cancelled.
    public var grace: Duration
    /// The `retry:` hint sent first on every stream.
    public var retryHint: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8000, pace: Pace, heartbeat: Duration = .seconds(15), maxStreams: Int = 10,
        rateLimit: RateLimit = RateLimit("5/minute")!, hold: Duration = .seconds(300), grace: Duration = .seconds(30), retryHint: Duration = .seconds(3)
    ) {
        self.host = host
        self.port = port
        self.pace = pace
        self.heartbeat = heartbeat
        self.maxStreams = maxStreams
        self.rateLimit = rateLimit
        self.hold = hold
        self.grace = grace
        self.retryHint = retryHint
    }
}
