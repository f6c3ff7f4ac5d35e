import GraphEngine

/// `plan_queries`: decides what to search for about each competitor.
struct PlanQueriesNode: Sendable {
    let competitors: [String]
    let focusArea: String
    let seed: UInt64

    func run(_ state: PipelineState, _ context: RunContext<TimedEvent>) -> Update<PipelineState> {
        var generator = SplitMix64(seed: seed, .plan)
        var timeline = NodeTimeline(.planQueries, writer: context.writer)
        timeline.emit(
            .stageStarted, "Planning research on \(focusArea) for \(counted(competitors.count, "competitor"))",
            stageProgress: 0)
        var plans: [CompetitorPlan] = []
        for competitor in competitors {
            timeline.spend(300...800, using: &generator)
            let plan = CompetitorPlan(competitor: competitor, focusArea: focusArea, using: &generator)
            plans.append(plan)
            let topics = plan.queries.map(\.topic.category).joined(separator: ", ")
            timeline.emit(
                .progressUpdate, "Planned \(counted(plan.queries.count, "search query", plural: "search queries")) "
                    + "for \(competitor): \(topics)",
                about: competitor, competitorProgress: 0,
                stageProgress: Double(plans.count) / Double(competitors.count))
        }
        timeline.spend(200...500, using: &generator)
        let queryCount = plans.reduce(0) { $0 + $1.queries.count }
        timeline.complete("Planned \(counted(queryCount, "search query", plural: "search queries"))")
        return .write(\.plans, plans)
    }
}
