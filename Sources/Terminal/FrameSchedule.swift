/// When the loop draws, ticks and how long it may sleep; pure, so tests need no clock.
///
/// A frame is drawn only when something visible changed and at least 1/fps has passed since
/// the last one: a busy stream costs at most fps frames a second, however many events arrive,
/// and an idle dashboard draws nothing. A tick is due every second. Times are seconds on a
/// monotonic clock.
struct FrameSchedule {
    let frameInterval: Double
    let tickInterval = 1.0
    private(set) var lastFrame: Double?
    private(set) var nextTick: Double

    /// The first tick is due at once; `fps` is brought into ``FrameRate/range``.
    init(fps: Int, startingAt now: Double) {
        frameInterval = 1 / Double(FrameRate.clamped(fps))
        nextTick = now
    }

    func shouldDraw(changed: Bool, now: Double) -> Bool {
        changed && now >= frameAllowed
    }

    mutating func drew(at now: Double) {
        lastFrame = now
    }

    func tickIsDue(now: Double) -> Bool {
        now >= nextTick
    }

    /// Ticks keep their rhythm, but a loop that fell behind (a suspended laptop) ticks once,
    /// not once per second it missed.
    mutating func ticked(at now: Double) {
        nextTick += tickInterval
        if nextTick <= now { nextTick = now + tickInterval }
    }

    /// How long the loop may sleep: until the next tick, or until a frame waiting to be drawn
    /// (`changed`) is allowed.
    func sleep(changed: Bool, now: Double) -> Double {
        let untilTick = nextTick - now
        return max(0, changed ? min(untilTick, frameAllowed - now) : untilTick)
    }

    private var frameAllowed: Double {
        lastFrame.map { $0 + frameInterval } ?? -.infinity
    }
}
