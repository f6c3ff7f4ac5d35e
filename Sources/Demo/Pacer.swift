/// Holds each event back until its simulated time, scaled by the speed, has come, on the clock
/// it was given; at speed 0 it never waits (nor looks at the clock).
struct Pacer: Sendable {
    /// Sleeps until a moment given as simulated time since the run began; nil when unpaced.
    private let sleepUntil: (@Sendable (Duration) async throws -> Void)?

    /// Simulated time starts now, on `clock`.
    init<C: Clock>(clock: C, speed: Double) where C.Duration == Duration {
        guard speed > 0, speed.isFinite else {
            sleepUntil = nil
            return
        }
        let origin = clock.now
        // Sleeping until a deadline rather than for an interval, so that time spent between
        // events does not add up into drift over a run.
        sleepUntil = { elapsed in
            try await clock.sleep(until: origin.advanced(by: elapsed / speed), tolerance: nil)
        }
    }

    /// Returns once `milliseconds` of simulated time since the run began are due.
    ///
    /// - Throws: `CancellationError` if the task is cancelled while it waits.
    func wait(untilMillisecond milliseconds: Int) async throws {
        try await sleepUntil?(.milliseconds(milliseconds))
    }
}
