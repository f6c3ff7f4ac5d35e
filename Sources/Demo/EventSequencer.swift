import Analysis
import GraphEngine

/// Turns what the graph's nodes emit into the run's events, in their final order: placed on
/// the simulated timeline, stamped with the run's progress, ids and timestamp, with heartbeats
/// in between.
struct EventSequencer {
    private let identity: RunIdentity
    private let startTime: Timestamp
    private var timeline = SimulatedTimeline()
    private var progress: RunProgress
    private var heartbeats = HeartbeatSchedule()

    init(identity: RunIdentity, startTime: Timestamp, competitorCount: Int) {
        self.identity = identity
        self.startTime = startTime
        progress = RunProgress(competitorCount: competitorCount)
    }

    mutating func add(_ event: TimedEvent) {
        timeline.add(event)
    }

    /// The events of the step that just ended, with the heartbeats due among them.
    mutating func closeStep() -> [ScheduledEvent] {
        var scheduled: [ScheduledEvent] = []
        for timed in timeline.closeStep() {
            for beat in heartbeats.due(through: timed.at) {
                scheduled.append(stamp(AnalysisEvent(.heartbeat), at: beat))
            }
            if let fraction = timed.stageProgress {
                progress.record(fraction, of: timed.stage, lane: timed.lane)
            }
            var event = timed.event
            event.progress = progress.value
            scheduled.append(stamp(event, at: timed.at))
        }
        return scheduled
    }

    /// The events of the step the engine was running when it failed, then the failure: the
    /// run's last event.
    mutating func fail(_ error: GraphRunError) -> [ScheduledEvent] {
        var scheduled = closeStep()
        let report = ErrorReport(message: error.description, errorType: Self.errorType(of: error))
        let failure = AnalysisEvent(.error(report), stage: error.node, progress: progress.value, message: "Analysis failed")
        scheduled.append(stamp(failure, at: timeline.stepStart))
        return scheduled
    }

    private func stamp(_ event: AnalysisEvent, at time: Int) -> ScheduledEvent {
        var event = event
        event.timestamp = Timestamp(seconds: startTime.seconds + Double(time) / 1000)
        event.sessionID = identity.sessionID
        event.requestID = identity.requestID
        return ScheduledEvent(at: time, event: event)
    }

    private static func errorType(of error: GraphRunError) -> String {
        if case .nodeFailed(_, let errorType, _) = error { return errorType }
        return "GraphRunError"
    }
}
