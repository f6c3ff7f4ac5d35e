import GraphEngine

/// `synthesize_report`: compares the competitors and ends the run with `analysis_completed`,
/// which carries the report.
struct SynthesizeReportNode: Sendable {
    let focusArea: String
    let seed: UInt64

    func run(_ state: PipelineState, _ context: RunContext<TimedEvent>) -> Update<PipelineState> {
        var generator = SplitMix64(seed: seed, .synthesis)
        var timeline = NodeTimeline(.synthesizeReport, writer: context.writer)
        timeline.emit(.stageStarted, "Synthesizing the competitive report", stageProgress: 0)
        timeline.spend(1_500...3_000, using: &generator)
        timeline.emit(
            .progressUpdate, "Comparing \(counted(state.plans.count, "competitor")) on \(focusArea)",
            stageProgress: 0.5)
        timeline.spend(1_500...3_000, using: &generator)
        let report = AnalysisReport(
            focusArea: focusArea, plans: state.plans, research: state.research, analyses: state.analyses)
        timeline.complete("Report ready: \(report.headline)")
        timeline.spend(50...150, using: &generator)
        timeline.emit(
            .analysisCompleted(summary: report.summary), "Analysis complete", stageProgress: 1,
            report: report.document)
        return Update()
    }
}
