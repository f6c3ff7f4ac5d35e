@testable import Analysis
import Testing

/// A stream that names more competitors or stages than any run has keeps the first ones by
/// appearance and only counts the rest, so that its state stays small.
@Suite("Hostile cardinality")
struct CardinalityTests {
    private func limits(competitors: Int = 200, stages: Int = 400) -> AnalysisState.Limits {
        var limits = AnalysisState.Limits()
        limits.competitors = competitors
        limits.stages = stages
        return limits
    }

    @Test("competitors past the limit get no row and are counted; the run's totals still hold every event")
    func competitors() {
        var state = AnalysisState()
        for index in 0..<1_000 {
            state.reduce(AnalysisEvent(.sourcesFound(SourcesFound(count: 2)), competitor: "C\(index)"))
        }
        // Events of kept and counted competitors, again: no new rows, no double counting.
        state.reduce(AnalysisEvent(.sourcesFound(SourcesFound(count: 2)), competitor: "C0"))
        state.reduce(AnalysisEvent(.sourcesFound(SourcesFound(count: 2)), competitor: "C999"))
        state.reduce(AnalysisEvent(.insightGenerated(Insight(text: "x", competitor: "C998")), competitor: "C1"))

        #expect(state.competitors.count == 200)
        #expect(state.competitors.map(\.name) == (0..<200).map { "C\($0)" })
        #expect(state.untrackedCompetitors.count == 800)
        #expect(state.competitor(named: "C0")?.sources == 4)
        #expect(state.competitor(named: "C1")?.insights == 0, "the insight names a competitor without a row")
        #expect(state.sources.total == 2_004)
        #expect(state.insights.total == 1)
    }

    @Test("stage runs past the limit get no row and are counted, and a counted stage's events change nothing")
    func stages() {
        var state = AnalysisState(limits: limits(stages: 10))
        for index in 0..<50 { state.reduce(AnalysisEvent(.stageStarted, stage: "s\(index)")) }
        state.reduce(AnalysisEvent(.stageCompleted(durationMs: 5), stage: "s40"))
        state.reduce(AnalysisEvent(.progressUpdate, stage: "s41", progress: 0.5))

        #expect(state.stages.map(\.name) == (0..<10).map { "s\($0)" })
        #expect(state.untrackedStages.count == 40)
        // Starting s10 (untracked) still ended s9: the pipeline moved on.
        #expect(state.stages.allSatisfy { $0.status == .done })
        #expect(state.progress == 0.5)
    }

    @Test("a stage of one competitor shows as pending for the others, those that come later included, once per pair")
    func pendingRows() {
        var state = AnalysisState()
        state.reduce(AnalysisEvent(.progressUpdate, competitor: "A"))
        state.reduce(AnalysisEvent(.progressUpdate, competitor: "B"))
        state.reduce(AnalysisEvent(.stageStarted, stage: "research", competitor: "A"))
        state.reduce(AnalysisEvent(.progressUpdate, competitor: "C"))
        state.reduce(AnalysisEvent(.stageStarted, stage: "research", competitor: "B"))

        #expect(state.stages.map { "\($0.competitor ?? "")=\($0.status.rawValue)" } == ["A=active", "B=active", "C=pending"])
    }

    @Test("pending rows stop at the stage limit without counting as stages dropped")
    func pendingRowsWithinLimit() {
        var state = AnalysisState(limits: limits(stages: 5))
        for index in 0..<20 { state.reduce(AnalysisEvent(.progressUpdate, competitor: "C\(index)")) }
        state.reduce(AnalysisEvent(.stageStarted, stage: "research", competitor: "C0"))

        #expect(state.stages.count == 5)
        #expect(state.stages.first?.status == .active)
        #expect(state.untrackedStages.count == 0)
    }

    @Test("a new session forgets the counts with the rows")
    func newSession() {
        var state = AnalysisState(limits: limits(competitors: 2))
        for name in ["A", "B", "C"] { state.reduce(AnalysisEvent(.progressUpdate, sessionID: "one", competitor: name)) }
        #expect(state.untrackedCompetitors.count == 1)
        state.reduce(AnalysisEvent(.progressUpdate, sessionID: "two", competitor: "D"))
        #expect(state.competitors.map(\.name) == ["D"])
        #expect(state.untrackedCompetitors.count == 0)
    }

    @Test("source counts that add up past Int.max stop there instead of trapping")
    func hugeCounts() {
        var state = AnalysisState()
        for _ in 0..<10_000 {
            state.reduce(AnalysisEvent(.sourcesFound(SourcesFound(count: 999_999_999_999_999)), competitor: "A"))
        }
        #expect(state.sources.total == .max)
        #expect(state.competitor(named: "A")?.sources == .max)
    }
}
