import Analysis

/// The analysis graph's state.
///
/// A branch (one competitor's research or analysis) receives its own copy through a `Send`,
/// with `lane` set to its competitor; the branches' results come back to the shared state
/// keyed by lane, merged whatever order the branches finish in.
struct PipelineState: Sendable {
    /// One per competitor, in the options' order; written by `plan_queries`.
    var plans: [CompetitorPlan] = []
    /// In a branch's input: the competitor it works on, an index into `plans`.
    var lane = 0
    var research: [Int: CompetitorResearch] = [:]
    var analyses: [Int: CompetitorAnalysis] = [:]

    /// The input of the branch that works on competitor `lane`.
    func branch(_ lane: Int) -> PipelineState {
        var branch = self
        branch.lane = lane
        return branch
    }
}

/// What the research of one competitor found.
struct CompetitorResearch: Sendable {
    var searches: [SearchRecord] = []

    var sourceCount: Int { searches.reduce(0) { $0 + $1.sources.count } }
    var failedSearches: Int { searches.count(where: \.failed) }
}

/// One search and what it returned.
struct SearchRecord: Sendable {
    let query: PlannedQuery
    /// The sources found, best first, or why the search failed.
    let outcome: Result<[SourcePreview], SearchFailure>

    /// Empty if the search failed.
    var sources: [SourcePreview] { (try? outcome.get()) ?? [] }

    var failed: Bool {
        if case .failure = outcome { return true }
        return false
    }
}

/// What the analysis of one competitor concluded.
struct CompetitorAnalysis: Sendable {
    let insights: [Insight]
}
