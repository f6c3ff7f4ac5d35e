import Analysis

/// An event as a node emits it: placed on simulated time, but not yet stamped with the run's
/// progress, ids and timestamp, which only the whole ordered run can know.
struct TimedEvent: Sendable {
    /// Milliseconds of simulated time: since the node's step began as the node emits it,
    /// since the run began once `SimulatedTimeline` has placed it.
    var at: Int
    /// The competitor's index, 0 for a whole-run stage: orders events of concurrent branches
    /// that happen at the same moment.
    let lane: Int
    /// The event's position among its node's events: orders a node's events at one moment.
    let sequence: Int
    let stage: PipelineStage
    let event: AnalysisEvent
    /// How far through `stage` this lane is once the event has happened, 0…1.
    let stageProgress: Double?
}
