import Analysis
import OutputFormats
import Testing
import TestSupport

/// The report's pictures: Mermaid blocks in the Markdown, inline SVG in the HTML page.
@Suite("Pictures in the report")
struct ReportPicturesTests {
    static let hostile = [#"a:b;c#d"e"#, String(repeating: "long ", count: 100), "line\nbreak\r\nand\ttab", "section x", "title", "%% comment", "```"]

    /// A run whose stages and competitors are named `names`, each stage done in half a
    /// millisecond, the last one failed.
    static func state(named names: [String]) -> AnalysisState {
        var state = AnalysisState()
        for (number, name) in names.enumerated() {
            let at = 1_736_154_000 + Double(number)
            state.reduce(AnalysisEvent(.stageStarted, timestamp: Timestamp(seconds: at), stage: name, competitor: name))
            if number == names.count - 1 {
                state.reduce(AnalysisEvent(.error(ErrorReport(message: "it broke")), timestamp: Timestamp(seconds: at + 0.0005), stage: name, competitor: name))
            } else {
                state.reduce(AnalysisEvent(.stageCompleted(durationMs: 0.5), timestamp: Timestamp(seconds: at + 0.0005), stage: name, competitor: name))
            }
        }
        return state
    }

    static func diagrams(in report: String) throws -> (gantt: MermaidSyntax.Gantt, flowchart: MermaidSyntax.Flowchart) {
        let blocks = MermaidSyntax.blocks(in: report)
        try #require(blocks.count == 2, "\(report)")
        let parsed = try blocks.map { try MermaidSyntax.parse($0).get() }
        guard case .gantt(let gantt) = parsed[0], case .flowchart(let flowchart) = parsed[1] else {
            throw Unexpected(text: "expected a gantt, then a flowchart: \(parsed)")
        }
        return (gantt, flowchart)
    }

    @Test("a finished demo's report has a gantt row per stage run and every node and edge of its graph")
    func finishedDemo() async throws {
        let (state, pipeline) = await TestSupport.finishedDemo()
        let (gantt, flowchart) = try Self.diagrams(in: state.markdownReport(pipeline: pipeline, generatedAt: Timestamp(seconds: 0)))
        let started = state.stages.filter { $0.startedAt != nil }
        #expect(started.count > 4)
        #expect(gantt.tasks.count == started.count)
        #expect(gantt.sections.first == StageChart.runWide)
        #expect(Set(gantt.sections.dropFirst()) == Set(state.competitors.map(\.name)))
        #expect(gantt.tasks.filter { $0.tags.contains("crit") }.count == started.filter { $0.status == .failed }.count)
        #expect(gantt.tasks.filter { $0.tags.contains("done") }.count == started.filter { $0.status == .done }.count)
        let first = try #require(started.compactMap(\.startedAt).min())
        #expect(gantt.tasks.map(\.start).min() == Int64((first.seconds * 1000).rounded()))

        #expect(flowchart.nodes.map(\.label) == pipeline.nodes)
        let names = Dictionary(uniqueKeysWithValues: flowchart.nodes.map { ($0.id, $0.label) })
        let drawn = flowchart.edges.map { PipelineShape.Edge(source: names[$0.source] ?? "", target: names[$0.target] ?? "", conditional: $0.isDotted) }
        #expect(drawn == pipeline.edges)
        #expect(flowchart.nodes.filter(\.isStadium).map(\.label) == [PipelineShape.start, PipelineShape.end])
    }

    @Test("hostile names still give blocks the checker accepts, capped and without the characters Mermaid misreads")
    func hostileNames() throws {
        let state = Self.state(named: Self.hostile)
        let (gantt, flowchart) = try Self.diagrams(in: state.markdownReport(generatedAt: Timestamp(seconds: 0)))
        #expect(gantt.tasks.count == Self.hostile.count)
        #expect(gantt.tasks.allSatisfy { $0.end > $0.start }, "a half-millisecond stage still has a bar")
        #expect(gantt.tasks.last?.tags == ["crit"])
        #expect(flowchart.nodes.count == Self.hostile.count + 2)
        let labels = gantt.tasks.map(\.name) + gantt.sections + flowchart.nodes.map(\.label)
        #expect(labels.allSatisfy { $0.count <= MermaidLabel.maxLength + 1 })
        #expect(labels.allSatisfy { !$0.contains(where: ":;#%\"`\n\r\t".contains) })
        #expect(gantt.tasks[0].name == "a：b；c＃d'e")
    }

    @Test("a run with no stage started has no gantt and no flowchart, and the report still reads")
    func emptyRun() {
        let report = AnalysisState().markdownReport(generatedAt: Timestamp(seconds: 0))
        #expect(MermaidSyntax.blocks(in: report).isEmpty)
        #expect(report.contains("## Sources"))
        var pending = AnalysisState()
        pending.reduce(AnalysisEvent(.progressUpdate, stage: "plan_queries"))
        #expect(StageChart(pending) == nil || pending.stages.allSatisfy { $0.startedAt != nil })
    }

    @Test("a stage still going ends at the last event")
    func activeStage() throws {
        var state = AnalysisState()
        state.reduce(AnalysisEvent(.stageStarted, timestamp: Timestamp(seconds: 100), stage: "research"))
        state.reduce(AnalysisEvent(.heartbeat, timestamp: Timestamp(seconds: 107.25)))
        let chart = try #require(StageChart(state))
        #expect(chart.sections.map(\.title) == [StageChart.runWide])
        #expect(chart.sections[0].bars.map(\.status) == [.active])
        #expect(chart.end == 107.25)
        let (gantt, _) = try Self.diagrams(in: state.markdownReport(generatedAt: Timestamp(seconds: 0)))
        #expect(gantt.tasks.map { $0.end - $0.start } == [7250])
        #expect(gantt.tasks.map(\.tags) == [["active"]])
    }

    @Test("serve's /api/graph text is the report's flowchart")
    func oneRenderer() async {
        let (_, pipeline) = await TestSupport.finishedDemo()
        #expect(MermaidSyntax.problems(in: pipeline.mermaidFlowchart).isEmpty)
        let looping = PipelineShape(nodes: ["__start__", "a", "end", "a-b", "a_b"], edges: [
            .init(source: "__start__", target: "a"), .init(source: "a", target: "end", conditional: true),
            .init(source: "end", target: "a"), .init(source: "a", target: "a-b"), .init(source: "a-b", target: "unlisted"),
        ])
        #expect(MermaidSyntax.problems(in: looping.mermaidFlowchart) == [])
        #expect(looping.mermaidFlowchart.contains(#"["unlisted"]"#), "a node only an edge names is declared")
    }

    @Test("the HTML page is self-contained: no script, two inline SVGs, every name escaped, only web links")
    func html() async {
        var (state, pipeline) = await TestSupport.finishedDemo()
        state.reduce(AnalysisEvent(.stageStarted, timestamp: state.lastEventAt, stage: "<script>alert(1)</script>", competitor: "<b>A&B</b>"))
        state.reduce(AnalysisEvent(.sourcesFound(SourcesFound(count: 2, previews: [
            SourcePreview(title: "<img src=x>", url: "javascript:alert(1)"), SourcePreview(title: "ok", url: "https://example.com/a?b=1&c=2"),
        ]))))
        let page = state.htmlReport(pipeline: pipeline, generatedAt: Timestamp(seconds: 0))
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.lowercased().contains("<script"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 2)
        #expect(!page.contains("<img") && !page.contains("<b>A"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"))
        #expect(!page.contains("href=\"javascript:"))
        #expect(page.contains("<a href=\"https://example.com/a?b=1&amp;c=2\""))
        #expect(!page.contains("src=\"http") && !page.contains("<link"), "nothing fetched")
        for section in ["Competitors", "Stages", "Pipeline", "Insights", "Sources"] {
            #expect(page.contains("<h2>\(section)</h2>"), "\(section)")
        }
        #expect(page.contains("class=\"failed\"") == state.stages.contains { $0.status == .failed && $0.startedAt != nil })
    }

    @Test("a graph with loops, a self-loop and a node only an edge names is still laid out and drawn")
    func loopingHTML() {
        var state = AnalysisState()
        state.reduce(AnalysisEvent(.stageStarted, timestamp: Timestamp(seconds: 5), stage: "a"))
        let looping = PipelineShape(nodes: [PipelineShape.start, "a", "b"], edges: [
            .init(source: PipelineShape.start, target: "a"), .init(source: "a", target: "b"), .init(source: "b", target: "a", conditional: true),
            .init(source: "b", target: "b"), .init(source: "a", target: "only-in-an-edge"),
        ])
        let page = state.htmlReport(pipeline: looping, generatedAt: Timestamp(seconds: 0))
        #expect(page.components(separatedBy: "<svg").count - 1 == 2)
        #expect(page.components(separatedBy: "<g class=\"node").count - 1 == 4)
        #expect(page.components(separatedBy: "class=\"edge\"").count - 1 == looping.edges.count)
    }

    @Test("the HTML of an empty run has no pictures and still closes every element")
    func emptyHTML() {
        let page = AnalysisState().htmlReport(generatedAt: Timestamp(seconds: 0))
        #expect(!page.contains("<svg"))
        #expect(page.hasSuffix("</html>\n"))
        #expect(page.components(separatedBy: "<section>").count == page.components(separatedBy: "</section>").count)
    }
}

private struct Unexpected: Error {
    var text: String
}
