import Analysis
import Dashboard
import Testing
import TestSupport

/// `e`: the exported report carries the run's pictures, the graph the feed named included.
@Suite("Export with pictures")
struct ExportReportTests {
    private func flowchart(exportedFrom app: inout DashboardApp) throws -> MermaidSyntax.Flowchart? {
        guard case .exportReport(let markdown) = try #require(app.send(.key(.character("e"))).first) else { return nil }
        let diagrams = try MermaidSyntax.blocks(in: markdown).map { try MermaidSyntax.parse($0).get() }
        #expect(diagrams.count == 2, "\(markdown)")
        return diagrams.compactMap { if case .flowchart(let chart) = $0 { chart } else { nil } }.first
    }

    @Test("the report draws the feed's graph when it sent one, else the stages seen, and both parse")
    func pipeline() throws {
        var app = TestStates.finished(Size(width: 80, height: 24))
        let seen = try #require(try flowchart(exportedFrom: &app))
        #expect(seen.edges.allSatisfy { !$0.isDotted }, "the stages seen make a chain")
        let shape = PipelineShape(nodes: [PipelineShape.start, "plan_queries", "research_competitor", PipelineShape.end], edges: [
            .init(source: PipelineShape.start, target: "plan_queries"),
            .init(source: "plan_queries", target: "research_competitor", conditional: true),
            .init(source: "research_competitor", target: PipelineShape.end),
        ])
        _ = app.send(.pipeline(shape))
        let fed = try #require(try flowchart(exportedFrom: &app))
        #expect(fed.nodes.map(\.label) == shape.nodes)
        #expect(fed.edges.map(\.isDotted) == [false, true, false])
    }
}
