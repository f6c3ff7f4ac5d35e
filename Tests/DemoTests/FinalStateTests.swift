import Analysis
import Demo
import Testing

@Suite("Final dashboard state")
struct FinalStateTests {
    @Test("a run without failures leaves the dashboard complete and consistent")
    func completeRun() async {
        let all = await events(of: DemoOptions(failRate: 0))
        let state = dashboard(after: all)

        #expect(state.isCompleted)
        #expect(state.completion?.reason == .analysisCompleted)
        #expect(state.progress == 1)
        #expect(state.competitors.map(\.name) == DemoOptions.defaultCompetitors)
        #expect(state.competitors.allSatisfy { $0.progress == 1 && $0.errors == 0 })
        #expect(state.sources.total == all.compactMap(\.sourcesFound).reduce(0) { $0 + $1.count })
        for competitor in state.competitors {
            let insights = all.filter { $0.competitor == competitor.name && $0.type == "insight_generated" }
            #expect(competitor.insights == insights.count)
            #expect(competitor.insights > 0)
        }
        #expect(!state.stages.isEmpty)
        #expect(state.stages.allSatisfy { $0.status == .done })
        #expect(state.stages.count == 2 + 2 * DemoOptions.defaultCompetitors.count)
        #expect(state.session.id == all[0].sessionID)
        #expect(state.session.requestID == all[0].requestID)
        #expect(state.session.count == 1)
        #expect(state.diagnostics.isEmpty)
        #expect(state.errors.isEmpty)
        #expect(state.summary?.hasPrefix("Analysed 4 competitors on spinal implants") == true)
    }

    @Test("the report totals agree with the events")
    func report() async throws {
        let all = await events(of: DemoOptions(failRate: 0.3))
        let state = dashboard(after: all)
        let report = try #require(state.report)
        #expect(report["focus_area"]?.stringValue == "spinal implants")
        #expect(report["total_sources"]?.numberValue == Double(state.sources.total))
        #expect(report["total_insights"]?.numberValue == Double(state.insights.total))
        let failedSearches = all.filter { $0.errorReport != nil && $0.errorReport?.errorType != "ResearchFailed" }
        #expect(report["searches_failed"]?.numberValue == Double(failedSearches.count))
        #expect(report["headline"]?.stringValue?.isEmpty == false)
        for competitor in state.competitors {
            let entry = try #require(report["competitors"]?[competitor.name])
            #expect(entry["sources"]?.numberValue == Double(competitor.sources))
            let searches = all.filter { $0.competitor == competitor.name && $0.type == "search_started" }
            #expect(entry["queries_run"]?.numberValue == Double(searches.count))
            guard case .array(let insights)? = entry["insights"] else {
                Issue.record("no insights for \(competitor.name)")
                continue
            }
            #expect(insights.count == competitor.insights)
            #expect(entry["avg_confidence"]?.numberValue.map { (0...1).contains($0) } == true)
        }
    }

    @Test("a run with no competitors still completes, with an empty report")
    func noCompetitors() async {
        let all = await events(of: DemoOptions(competitors: []))
        let state = dashboard(after: all)
        #expect(all.map(\.type) == [
            "stage_started", "stage_completed", "stage_started", "progress_update", "stage_completed",
            "analysis_completed",
        ])
        #expect(state.isCompleted)
        #expect(state.progress == 1)
        #expect(state.report?["total_sources"]?.numberValue == 0)
        #expect(state.stages.allSatisfy { $0.status == .done })
    }
}
