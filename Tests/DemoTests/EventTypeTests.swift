import Analysis
import Demo
import Testing

@Suite("Event types")
struct EventTypeTests {
    @Test("a run with some failed searches sends every type of event, starting and ending as a run should")
    func everyType() async {
        let all = await events(of: DemoOptions(failRate: 0.3))
        let types = Set(all.map(\.type))
        #expect(types == [
            "stage_started", "stage_completed", "progress_update", "search_started", "sources_found",
            "insight_generated", "error", "heartbeat", "analysis_completed",
        ])
        #expect(all.first?.type == "stage_started")
        #expect(all.first?.stage == "plan_queries")
        #expect(all.last?.type == "analysis_completed")
        #expect(all.filter { $0.type == "analysis_completed" }.count == 1)
    }

    @Test("each competitor's research starts, searches and ends; per-competitor stages end per competitor")
    func stagesPerCompetitor() async {
        let all = await events(of: DemoOptions(failRate: 0))
        for competitor in DemoOptions.defaultCompetitors {
            let own = all.filter { $0.competitor == competitor }
            let started = own.filter { $0.type == "stage_started" }.compactMap(\.stage)
            let completed = own.filter { $0.type == "stage_completed" }.compactMap(\.stage)
            #expect(started == ["research_competitor", "analyze_findings"])
            #expect(completed == ["research_competitor", "analyze_findings"])
            let searches = own.filter { $0.type == "search_started" }.count
            #expect((3...5).contains(searches))
            #expect(own.filter { $0.type == "sources_found" }.count == searches)
            #expect(own.contains { $0.type == "insight_generated" })
        }
        let wholeRun = all.filter { $0.competitor == nil && $0.type == "stage_completed" }.compactMap(\.stage)
        #expect(wholeRun == ["plan_queries", "synthesize_report"])
        #expect(all.filter { $0.type == "stage_completed" }.allSatisfy { event in
            if case .stageCompleted(let duration?) = event.kind { return duration > 0 }
            return false
        })
    }

    @Test("sources and insights carry what the dashboard shows")
    func sourcesAndInsights() async {
        let all = await events(of: DemoOptions(failRate: 0))
        for event in all {
            if let found = event.sourcesFound {
                #expect(found.previews.count == min(found.count, 3))
                #expect(found.query != nil)
                #expect(found.previews.allSatisfy { $0.url.hasPrefix("https://") && $0.snippet != nil })
                let scores = found.previews.compactMap(\.score)
                #expect(scores.count == found.previews.count)
                #expect(scores == scores.sorted(by: >))
            }
            if case .insightGenerated(let insight) = event.kind {
                #expect(insight.competitor == event.competitor)
                #expect(insight.title?.isEmpty == false)
                #expect(!insight.text.isEmpty)
                #expect(insight.category != nil)
                #expect(insight.confidence.map { (0...1).contains($0) } == true)
                #expect((1...3).contains(insight.sources.count))
            }
        }
    }

    @Test("heartbeats come every five seconds of simulated time")
    func heartbeats() async {
        let all = await events(of: DemoOptions())
        let beats = all.filter { $0.type == "heartbeat" }.map { offset(of: $0) }
        #expect(beats.count == offset(of: all.last!) / 5_000)
        #expect(beats == beats.indices.map { ($0 + 1) * 5_000 })
    }
}
