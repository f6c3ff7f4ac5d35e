/// Where a replay is, as the player reports it and the header shows it.
public struct PlaybackStatus: Equatable, Sendable {
    /// Events played so far.
    public var position: Int
    /// Events in the whole log, once the player has read it through.
    public var total: Int?
    /// Seconds of the log's own timeline played so far, and in all (once known).
    public var time: Double
    public var duration: Double?
    /// 1 plays at the recorded pace; 0 plays as fast as possible.
    public var speed: Double
    public var isPaused: Bool
    public var isLooping: Bool
    public var hasEnded: Bool

    public init(
        position: Int = 0, total: Int? = nil, time: Double = 0, duration: Double? = nil, speed: Double = 1,
        isPaused: Bool = false, isLooping: Bool = false, hasEnded: Bool = false
    ) {
        self.position = position
        self.total = total
        self.time = time
        self.duration = duration
        self.speed = speed
        self.isPaused = isPaused
        self.isLooping = isLooping
        self.hasEnded = hasEnded
    }
}

/// What the user asks a replay to do.
public enum PlaybackCommand: Hashable, Sendable {
    case togglePause
    /// Moves by whole events while paused: +1 forward, -1 back.
    case step(Int)
    case faster, slower, normalSpeed
    /// Moves by seconds of the log's timeline (negative: back).
    case seek(seconds: Double)
    /// Moves by a fraction of the log (negative: back).
    case seekFraction(Double)
    /// Goes to a point of the log: 0 is the start, 1 the end.
    case jump(toFraction: Double)
    /// Goes to a time of the events' own clock (seconds since 1970, as their timestamps say):
    /// the last event at or before it (a click on the timeline). Not `jump(toTime:)`: a
    /// switch cannot tell two cases of one base name apart.
    case jumpToTime(Double)
    /// To the previous or next stage boundary.
    case previousMarker, nextMarker
    case toggleLoop
}

/// The speeds `+` and `-` step through.
public enum SpeedLadder {
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]

    public static func faster(than speed: Double) -> Double {
        speeds.first { $0 > speed } ?? speeds.last!
    }

    public static func slower(than speed: Double) -> Double {
        speeds.last { $0 < speed } ?? speeds.first!
    }
}
