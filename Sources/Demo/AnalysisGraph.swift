import GraphEngine

/// The analysis as a graph, as the seed's LangGraph server builds it:
///
/// ```
/// START → plan_queries ─Send per competitor→ research_competitor ─Send→ analyze_findings
///       → synthesize_report → END
/// ```
///
/// Research and analysis fan out, one branch per competitor; the edge from `analyze_findings`
/// joins the branches, so the report is written once, from everyone's results.
enum AnalysisGraph {
    static func compile(_ options: DemoOptions) -> CompiledGraph<PipelineState, TimedEvent> {
        let plan = PipelineStage.planQueries.rawValue
        let research = PipelineStage.researchCompetitor.rawValue
        let analyze = PipelineStage.analyzeFindings.rawValue
        let synthesize = PipelineStage.synthesizeReport.rawValue
        let planner = PlanQueriesNode(competitors: options.competitors, focusArea: options.focusArea, seed: options.seed)
        let search = FakeSearch(focusArea: options.focusArea, failRate: options.failRate, now: options.startTime)
        let researcher = ResearchCompetitorNode(search: search, seed: options.seed)
        let analyst = AnalyzeFindingsNode(focusArea: options.focusArea, seed: options.seed)
        let writer = SynthesizeReportNode(focusArea: options.focusArea, seed: options.seed)

        var graph = StateGraph<PipelineState, TimedEvent>(
            schema: StateSchema().reducing(\.research, with: .merge).reducing(\.analyses, with: .merge))
        graph.addNode(plan) { state, context in planner.run(state, context) }
        graph.addNode(research, destinations: [analyze]) { state, context in researcher.run(state, context) }
        graph.addNode(analyze) { state, context in analyst.run(state, context) }
        graph.addNode(synthesize) { state, context in writer.run(state, context) }
        graph.addEdge(from: START, to: plan)
        graph.addConditionalEdges(from: plan, destinations: [research, synthesize]) { state in
            // With no one to research, the report (an empty one) is all that is left.
            state.plans.isEmpty
                ? [.node(synthesize)]
                : state.plans.indices.map { .send(Send(research, state.branch($0))) }
        }
        graph.addEdge(from: analyze, to: synthesize)
        graph.addEdge(from: synthesize, to: END)
        do {
            return try graph.compile()
        } catch {
            preconditionFailure("the analysis graph is wired wrong: \(error)")
        }
    }
}
