import GraphEngine

/// `analyze_findings`: one branch per competitor turns its research into insights.
struct AnalyzeFindingsNode: Sendable {
    let focusArea: String
    let seed: UInt64

    func run(_ state: PipelineState, _ context: RunContext<TimedEvent>) -> Update<PipelineState> {
        let lane = state.lane
        let competitor = state.plans[lane].competitor
        let research = state.research[lane] ?? CompetitorResearch()
        var generator = SplitMix64(seed: seed, .analysis(lane: lane))
        var timeline = NodeTimeline(.analyzeFindings, lane: lane, competitor: competitor, writer: context.writer)
        // The competitor's own progress is its research's, which is over.
        timeline.emit(
            .stageStarted, "Analysing \(counted(research.sourceCount, "source")) on \(competitor)",
            competitorProgress: 1, stageProgress: 0)

        let insights = InsightWriter(competitor: competitor, focusArea: focusArea)
            .insights(from: research, using: &generator)
        if insights.isEmpty {
            timeline.spend(300...800, using: &generator)
            timeline.emit(
                .progressUpdate, "Nothing to analyse for \(competitor): its research found no sources",
                competitorProgress: 1, stageProgress: 1)
        }
        for (index, insight) in insights.enumerated() {
            timeline.spend(3_000...7_000, using: &generator)
            timeline.emit(
                .insightGenerated(insight), "Insight for \(competitor): \(insight.title ?? insight.text)",
                competitorProgress: 1, stageProgress: Double(index + 1) / Double(insights.count))
        }
        timeline.spend(200...600, using: &generator)
        timeline.complete("Generated \(counted(insights.count, "insight")) for \(competitor)", competitorProgress: 1)
        return .write(\.analyses, [lane: CompetitorAnalysis(insights: insights)])
    }
}
