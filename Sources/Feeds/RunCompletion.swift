import Analysis

/// How an event bears on the end of the run, by DESIGN.md's "When is a run complete?" (the
/// rule the reducer applies to `DashboardState.completion`; the feed needs it before any
/// state exists, to decide whether to reconnect).
enum RunCompletion {
    /// `analysis_completed`: the run is over; close the connection at once.
    case finished
    /// The seed servers' final whole-run progress of 1.0: the run is over once the response
    /// ends, and a reconnect would start a new analysis.
    case finalProgress
    case no

    init(_ event: AnalysisEvent) {
        switch event.kind {
        case .analysisCompleted: self = .finished
        case .progressUpdate where event.competitor == nil && event.progress == 1: self = .finalProgress
        default: self = .no
        }
    }
}
