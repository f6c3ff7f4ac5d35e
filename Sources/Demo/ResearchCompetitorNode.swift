import Analysis
import GraphEngine

/// `research_competitor`: one branch per competitor runs its planned searches one after
/// another, then hands its findings on to that competitor's analysis.
struct ResearchCompetitorNode: Sendable {
    let search: FakeSearch
    let seed: UInt64

    func run(_ state: PipelineState, _ context: RunContext<TimedEvent>) -> Command<PipelineState> {
        let lane = state.lane
        let plan = state.plans[lane]
        let competitor = plan.competitor
        var generator = SplitMix64(seed: seed, .research(lane: lane))
        var timeline = NodeTimeline(.researchCompetitor, lane: lane, competitor: competitor, writer: context.writer)
        timeline.emit(.stageStarted, "Researching \(competitor)", competitorProgress: 0, stageProgress: 0)

        var searches: [SearchRecord] = []
        for query in plan.queries {
            let searched = Double(searches.count) / Double(plan.queries.count)
            timeline.spend(200...700, using: &generator)
            timeline.emit(
                .searchStarted(query: query.text), "Searching: \(query.text)",
                competitorProgress: searched, stageProgress: searched)
            timeline.spend(5_000...13_000, using: &generator)
            let outcome = search.run(query, about: competitor, using: &generator)
            searches.append(SearchRecord(query: query, outcome: outcome))
            let progress = Double(searches.count) / Double(plan.queries.count)
            switch outcome {
            case .success(let sources):
                let found = SourcesFound(count: sources.count, previews: Array(sources.prefix(3)), query: query.text)
                timeline.emit(
                    .sourcesFound(found), "Found \(counted(sources.count, "source")) for '\(query.text)'",
                    competitorProgress: progress, stageProgress: progress)
            case .failure(let failure):
                timeline.emit(
                    .error(ErrorReport(message: failure.message, errorType: failure.errorType)),
                    "Search failed, moving on: \(query.text)", competitorProgress: progress, stageProgress: progress)
            }
        }

        let research = CompetitorResearch(searches: searches)
        timeline.spend(300...800, using: &generator)
        if research.failedSearches == searches.count {
            let report = ErrorReport(
                message: "All \(counted(searches.count, "search", plural: "searches")) for \(competitor) failed; "
                    + "nothing to analyse", errorType: "ResearchFailed")
            timeline.emit(.error(report), "Research on \(competitor) failed", competitorProgress: 1, stageProgress: 1)
        } else {
            timeline.emit(
                .progressUpdate, "Finished researching \(competitor): \(counted(research.sourceCount, "source")) "
                    + "from \(counted(searches.count, "search", plural: "searches"))",
                competitorProgress: 1, stageProgress: 1)
            timeline.spend(100...300, using: &generator)
            timeline.complete("Research on \(competitor) done", competitorProgress: 1)
        }

        var analysis = state.branch(lane)
        analysis.research = [lane: research]
        return Command(
            update: .write(\.research, [lane: research]),
            goto: [.send(Send(PipelineStage.analyzeFindings.rawValue, analysis))])
    }
}
