import Analysis
import GraphEngine
import JSON

/// A node's own simulated clock and its stream writer. The node lets simulated time pass
/// instead of sleeping, and every event it emits carries the moment it happened, counted
/// from the start of the node's step.
struct NodeTimeline {
    private let writer: StreamWriter<TimedEvent>
    private let stage: PipelineStage
    private let lane: Int
    private let competitor: String?
    /// Milliseconds since the node's step began.
    private(set) var now = 0
    private var emitted = 0

    init(_ stage: PipelineStage, lane: Int = 0, competitor: String? = nil, writer: StreamWriter<TimedEvent>) {
        self.stage = stage
        self.lane = lane
        self.competitor = competitor
        self.writer = writer
    }

    /// Lets a simulated duration pass, drawn from `milliseconds`.
    mutating func spend(_ milliseconds: ClosedRange<Int>, using generator: inout SplitMix64) {
        now += Int.random(in: milliseconds, using: &generator)
    }

    /// Emits an event of the node's stage, about the node's competitor unless `about` names one.
    mutating func emit(
        _ kind: AnalysisEvent.Kind, _ message: String, about competitor: String? = nil,
        competitorProgress: Double? = nil, stageProgress: Double? = nil, report: JSONValue? = nil
    ) {
        let event = AnalysisEvent(
            kind, stage: stage.rawValue, competitor: competitor ?? self.competitor,
            competitorProgress: competitorProgress?.rounded(toPlaces: 4), message: message, report: report)
        writer(TimedEvent(
            at: now, lane: lane, sequence: emitted, stage: stage, event: event, stageProgress: stageProgress))
        emitted += 1
    }

    /// Ends the node's stage with a `stage_completed` that reports the node's simulated duration.
    mutating func complete(_ message: String, competitorProgress: Double? = nil) {
        emit(
            .stageCompleted(durationMs: Double(now)), message,
            competitorProgress: competitorProgress, stageProgress: 1)
    }
}
