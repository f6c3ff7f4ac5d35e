import Analysis
import OutputFormats
import Testing
import TestSupport

@Suite("Markdown report")
struct MarkdownReportTests {
    @Test("a finished run reports competitors, stages, insights, sources and errors")
    func report() throws {
        var state = try replay(sample: "ref-node-error.sse")
        state.reduce(AnalysisEvent(.insightGenerated(Insight(text: "pipes | and [brackets]", title: "T", competitor: "A|B"))))
        let report = state.markdownReport(generatedAt: Timestamp(seconds: 0))
        #expect(report.contains("- Generated: 1970-01-01T00:00:00.000000Z by streamtop"))
        #expect(report.contains("| Medtronic | 25% | 2 | 0 | 1 | Research failed for Medtronic |"))
        #expect(report.contains("- failed: research_competitor — Medtronic"))
        #expect(report.contains("- **T** — pipes | and [brackets] _(A|B)_"))
        #expect(report.contains("## Errors and bad input"))
        #expect(report.contains("Medtronic, research_competitor: Simulated failure"))
        #expect(report.contains("](https://"))
    }
}
