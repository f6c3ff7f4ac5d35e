/// When the run sends heartbeats: every few seconds of simulated time, as the seed's server
/// does to keep a quiet connection alive.
struct HeartbeatSchedule {
    static let intervalMilliseconds = 5_000

    private var next = intervalMilliseconds

    /// The heartbeats due up to and including `time` (milliseconds since the run began) that
    /// were not sent yet.
    mutating func due(through time: Int) -> [Int] {
        var due: [Int] = []
        while next <= time {
            due.append(next)
            next += Self.intervalMilliseconds
        }
        return due
    }
}
