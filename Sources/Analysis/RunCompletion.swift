/// How an event bears on the end of the run: the protocol's "when is a run complete?" rule,
/// in one place. The reducer applies it to ``AnalysisState/completion``; a live feed applies
/// it before any state exists, to decide whether to reconnect.
public enum RunCompletion: Equatable, Sendable {
    /// `analysis_completed`, or a LangGraph run that ended `success`: the run is over; close
    /// the connection at once.
    case finished
    /// The seed servers' final whole-run progress of 1.0: the run is over once the response
    /// ends, and a reconnect would start a new analysis.
    case finalProgress
    case no

    /// Borrowed: an initializer takes its arguments, and the caller copied every event to give it one.
    public init(_ event: borrowing AnalysisEvent) {
        switch Self.reason(event) {
        case .analysisCompleted, .runSucceeded: self = .finished
        case .finalProgress: self = .finalProgress
        case nil: self = .no
        }
    }

    /// Why the event completes the run, if it does.
    /// - `analysis_completed`;
    /// - a whole-run `progress_update` at 1.0 (the seed servers' last event);
    /// - `streamtop_run` with status `success` (the LangGraph Server said so; `error`,
    ///   `interrupted` and the rest leave the run incomplete).
    public static func reason(_ event: AnalysisEvent) -> Completion.Reason? {
        switch event.kind {
        case .analysisCompleted: return .analysisCompleted
        case .progressUpdate where event.competitorText == nil && event.progress == 1: return .finalProgress
        case .graph(let graph):
            if case .runStatus(let run) = graph.part, run.status == .success { return .runSucceeded }
            return nil
        default: return nil
        }
    }
}
