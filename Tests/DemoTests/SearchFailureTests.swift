import Analysis
import Demo
import Testing

@Suite("Search failures")
struct SearchFailureTests {
    @Test("when every search fails, each failure is reported with stage and competitor and the run completes")
    func everySearchFails() async {
        let all = await events(of: DemoOptions(failRate: 1))
        let errors = all.filter { $0.errorReport != nil }
        let searches = all.filter { $0.type == "search_started" }
        #expect(errors.count == searches.count + DemoOptions.defaultCompetitors.count)
        for error in errors {
            #expect(error.stage == "research_competitor")
            #expect(error.competitor.map(DemoOptions.defaultCompetitors.contains) == true)
            #expect(error.errorReport?.errorType?.isEmpty == false)
            #expect(error.errorReport?.message.isEmpty == false)
        }
        for competitor in DemoOptions.defaultCompetitors {
            let failed = errors.filter { $0.competitor == competitor && $0.errorReport?.errorType == "ResearchFailed" }
            #expect(failed.count == 1)
        }
        #expect(!all.contains { $0.type == "sources_found" || $0.type == "insight_generated" })

        let state = dashboard(after: all)
        #expect(state.isCompleted)
        #expect(state.progress == 1)
        #expect(state.sources.total == 0)
        #expect(state.errors.total == errors.count)
        #expect(state.stages.filter { $0.name == "research_competitor" }.allSatisfy { $0.status == .failed })
        #expect(state.stages.filter { $0.name != "research_competitor" }.allSatisfy { $0.status == .done })
        #expect(state.report?["total_sources"]?.numberValue == 0)
    }

    @Test("a failed search is reported and skipped; the competitor's research still completes")
    func someSearchesFail() async {
        let all = await events(of: DemoOptions(failRate: 0.3))
        let failures = all.filter { $0.errorReport != nil }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.stage == "research_competitor" && $0.competitor != nil })
        #expect(!failures.contains { $0.errorReport?.errorType == "ResearchFailed" })
        for competitor in DemoOptions.defaultCompetitors {
            let own = all.filter { $0.competitor == competitor }
            let searches = own.filter { $0.type == "search_started" }.count
            let outcomes = own.filter { $0.type == "sources_found" || $0.errorReport != nil }.count
            #expect(outcomes == searches)
            #expect(own.contains { $0.type == "stage_completed" && $0.stage == "research_competitor" })
        }
        let state = dashboard(after: all)
        #expect(state.isCompleted)
        #expect(state.errors.total == failures.count)
        #expect(state.stages.allSatisfy { $0.status == .done })
    }
}
