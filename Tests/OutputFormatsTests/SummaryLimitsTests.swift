import Analysis
import JSON
import OutputFormats
import Testing

@Suite("The summary's counts of what it does not list")
struct SummaryLimitsTests {
    @Test("competitors and stages past the state's limits are counted next to the rows it has")
    func counts() {
        var state = AnalysisState()
        for index in 0..<250 { state.reduce(AnalysisEvent(.progressUpdate, competitor: "C\(index)")) }
        for index in 0..<450 { state.reduce(AnalysisEvent(.stageStarted, stage: "s\(index)")) }
        let summary = state.summaryDocument
        guard case .array(let competitors) = summary["competitors"], case .array(let stages) = summary["stages"] else {
            Issue.record("no competitors or stages in \(summary.serialized())")
            return
        }
        #expect(competitors.count == 200)
        #expect(summary["competitors_dropped"] == .number(50))
        #expect(stages.count == 400)
        #expect(summary["stages_dropped"] == .number(50))
    }
}
