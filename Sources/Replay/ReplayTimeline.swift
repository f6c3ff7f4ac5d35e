import Analysis
import Feeds

/// Turns a log's items into playback times, in seconds from the start of the log: the arrival
/// offsets of a streamtop recording, else the events' own timestamps, else a steady pace.
/// Gaps are capped at `maxIdle` (as `asciinema play -i`), and a time that goes backwards or
/// is missing never stalls playback: it just does not move the clock.
public struct ReplayTimeline: Equatable, Sendable {
    /// The pace for events with no time at all.
    public static let steadyGap = 0.1

    public let maxIdle: Double?
    /// The playback time of the last item placed.
    public private(set) var now = 0.0
    private var lastSourceTime: Double?

    public init(maxIdle: Double? = nil) {
        self.maxIdle = maxIdle
    }

    /// Places the next item and returns its playback time.
    public mutating func place(_ item: FeedItem) -> Double {
        let sourceTime = item.offset ?? item.event.timestamp?.seconds
        var gap: Double
        switch (lastSourceTime, sourceTime) {
        case (let last?, let current?): gap = max(0, current - last)
        case (nil, _?): gap = 0
        case (_, nil): gap = Self.steadyGap
        }
        if let maxIdle { gap = min(gap, maxIdle) }
        if let sourceTime { lastSourceTime = max(sourceTime, lastSourceTime ?? sourceTime) }
        now += gap
        return now
    }
}
