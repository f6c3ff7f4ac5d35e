/// The stages of the analysis, each a node of the graph, named as on the wire.
enum PipelineStage: String, CaseIterable, Sendable {
    case planQueries = "plan_queries"
    case researchCompetitor = "research_competitor"
    case analyzeFindings = "analyze_findings"
    case synthesizeReport = "synthesize_report"

    /// The stage's share of the whole run's progress: research dominates, as it does in time.
    /// Sixteenths, so that the shares add up to exactly 1 and a finished run is at 1.0.
    var progressShare: Double {
        switch self {
        case .planQueries: 1.0 / 16
        case .researchCompetitor: 11.0 / 16
        case .analyzeFindings: 3.0 / 16
        case .synthesizeReport: 1.0 / 16
        }
    }

    /// Whether the stage runs once per competitor, in a branch of its own.
    var isPerCompetitor: Bool {
        self == .researchCompetitor || self == .analyzeFindings
    }
}
