import Analysis

/// A finished event and the moment of simulated time at which it is due.
struct ScheduledEvent: Sendable {
    /// Milliseconds since the run began.
    let at: Int
    let event: AnalysisEvent
}
