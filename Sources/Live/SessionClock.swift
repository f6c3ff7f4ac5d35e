import Analysis

/// Times a live session the way its recording will be read back, so that replaying the
/// recording gives exactly the live state: the start is kept to whole microseconds as the
/// recording's header writes it (and as a replay parses it back), offsets are rounded as
/// recording entries round them, and an arrival time is `startedAt + offset`, the very sum a
/// replay makes.
struct SessionClock: Sendable {
    let startedAt: Timestamp
    private let start = ContinuousClock.now

    /// `now`: the wall clock, in seconds since 1970.
    init(now: Double) {
        let text = Timestamp(seconds: now).text
        startedAt = Timestamp(iso8601: text) ?? Timestamp(seconds: now)
    }

    /// Seconds since the session started, in whole microseconds.
    func offset() -> Double {
        ((ContinuousClock.now - start).seconds * 1_000_000).rounded() / 1_000_000
    }

    func arrival(at offset: Double) -> Timestamp {
        Timestamp(seconds: startedAt.seconds + offset)
    }
}
