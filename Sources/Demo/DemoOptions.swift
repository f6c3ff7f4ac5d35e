import Analysis

/// What the demo analyses, and how: the same options always produce the same events.
public struct DemoOptions: Equatable, Sendable {
    public static let defaultCompetitors = ["Stryker Spine", "Medtronic", "Globus Medical", "NuVasive"]
    public static let defaultFocusArea = "spinal implants"
    public static let defaultSeed: UInt64 = 42
    /// 2025-01-06T09:00:00Z: a fixed start, so that runs that do not pass one are identical.
    public static let defaultStartTime = Timestamp(seconds: 1_736_154_000)

    /// The companies researched, one parallel branch each, in this order.
    public var competitors: [String]
    public var focusArea: String
    /// Seeds everything random: queries, search results, failures, durations, ids.
    public var seed: UInt64
    /// How fast simulated time runs: 1 is a realistic pace (a run takes a minute or two),
    /// 2 twice as fast; 0 (or less) releases every event at once, without waiting.
    public var speed: Double
    /// The probability, 0…1, that a search fails. A failed search finds nothing and the run
    /// goes on; a competitor whose searches all fail has a failed research stage.
    public var failRate: Double
    /// When the simulated run starts: its events' timestamps count from here.
    public var startTime: Timestamp

    public init(
        competitors: [String] = defaultCompetitors,
        focusArea: String = defaultFocusArea,
        seed: UInt64 = defaultSeed,
        speed: Double = 1,
        failRate: Double = 0.1,
        startTime: Timestamp = defaultStartTime
    ) {
        self.competitors = competitors
        self.focusArea = focusArea
        self.seed = seed
        self.speed = speed
        self.failRate = failRate
        self.startTime = startTime
    }
}
