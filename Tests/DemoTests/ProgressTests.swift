import Analysis
import Demo
import Testing

@Suite("Progress")
struct ProgressTests {
    private static let runs: [DemoOptions] = [
        DemoOptions(failRate: 0),
        DemoOptions(failRate: 0.3),
        DemoOptions(seed: 7, failRate: 0.5),
        DemoOptions(competitors: ["Orthofix"], focusArea: "cervical disc replacement", seed: 99),
        DemoOptions(failRate: 1),
    ]

    @Test("the run's progress stays within 0…1, never goes back, and ends at 1.0 on analysis_completed",
          arguments: runs)
    func runProgress(options: DemoOptions) async {
        let all = await events(of: options)
        let progress = all.compactMap(\.progress)
        #expect(progress.count == all.filter { $0.type != "heartbeat" }.count)
        #expect(progress.allSatisfy { (0...1).contains($0) })
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(progress.first == 0)
        #expect(all.last?.type == "analysis_completed")
        #expect(all.last?.progress == 1.0)
        #expect(all.dropLast().allSatisfy { $0.type != "analysis_completed" })
    }

    @Test("per-competitor events carry the competitor's progress, which reaches 1 with its research",
          arguments: runs)
    func competitorProgress(options: DemoOptions) async {
        let all = await events(of: options)
        for competitor in options.competitors {
            let own = all.filter { $0.competitor == competitor }
            let progress = own.compactMap(\.competitorProgress)
            #expect(progress.count == own.count)
            #expect(progress.allSatisfy { (0...1).contains($0) })
            #expect(zip(progress, progress.dropFirst()).allSatisfy { $0 <= $1 })
            let research = own.filter { $0.stage == "research_competitor" }
            #expect(research.last?.competitorProgress == 1.0)
            let researchEnd = research.last { $0.type == "stage_completed" || $0.errorReport?.errorType == "ResearchFailed" }
            #expect(researchEnd?.competitorProgress == 1.0)
        }
    }

    @Test("each competitor's research ends with a stage_completed at competitor progress 1.0")
    func researchCompletes() async {
        let all = await events(of: DemoOptions(failRate: 0))
        for competitor in DemoOptions.defaultCompetitors {
            let completed = all.first {
                $0.competitor == competitor && $0.type == "stage_completed" && $0.stage == "research_competitor"
            }
            #expect(completed?.competitorProgress == 1.0)
        }
    }
}
