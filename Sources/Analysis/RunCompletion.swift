/// How an event bears on the end of the run: the protocol's "when is a run complete?" rule,
/// in one place. The reducer applies it to ``AnalysisState/completion``; a live feed applies
/// it before any state exists, to decide whether to reconnect.
public enum RunCompletion: Equatable, Sendable {
    /// `analysis_completed`: the run is over; close the connection at once.
    case finished
    /// The seed servers' final whole-run progress of 1.0: the run is over once the response
    /// ends, and a reconnect would start a new analysis.
    case finalProgress
    case no

    public init(_ event: AnalysisEvent) {
        switch event.kind {
        case .analysisCompleted: self = .finished
        case .progressUpdate where event.competitor == nil && event.progress == 1: self = .finalProgress
        default: self = .no
        }
    }
}
