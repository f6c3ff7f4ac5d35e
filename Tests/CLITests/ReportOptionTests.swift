import Foundation
import Testing
import TestSupport

/// `--report FILE` as a user runs it: the demo at `--speed 0`, without a terminal.
@Suite("streamtop --report")
struct ReportOptionTests {
    @Test("--report x.md writes Markdown whose Mermaid blocks parse: a gantt row per stage run, the demo's graph")
    func markdown() async throws {
        let path = temporaryPath("run.md")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await ChildProcess.streamtop(["demo", "--speed", "0", "--summary", "json", "--report", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("streamtop: report written to \(path)"))
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "the summary is still printed")
        let stages = try #require(summary["stages"] as? [[String: Any]])
        let report = try String(contentsOfFile: path, encoding: .utf8)
        #expect(report.hasPrefix("# Competitive analysis report"))
        let diagrams = try MermaidSyntax.blocks(in: report).map { try MermaidSyntax.parse($0).get() }
        guard diagrams.count == 2, case .gantt(let gantt) = diagrams[0], case .flowchart(let flowchart) = diagrams[1] else {
            Issue.record("expected a gantt and a flowchart: \(report)")
            return
        }
        #expect(gantt.tasks.count == stages.filter { $0["status"] as? String != "pending" }.count)
        #expect(flowchart.nodes.map(\.label).contains("research_competitor"), "the engine's graph, which the feed sent")
        #expect(flowchart.edges.contains { $0.isDotted }, "the demo's graph has conditional edges; a chain of stages seen would not")
    }

    @Test("--report x.html under --ui plain writes one self-contained page, and the lines are still printed")
    func html() async throws {
        let path = temporaryPath("run.html")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await ChildProcess.streamtop(["demo", "--speed", "0", "--ui", "plain", "--report", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count > 20)
        #expect(result.stderr.contains("streamtop: report written to \(path)"))
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.lowercased().contains("<script"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 2)
    }

    @Test("a replay writes its report too, the graph drawn from the stages it showed")
    func replay() async throws {
        let path = temporaryPath("replay.md")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await ChildProcess.streamtop(["replay", "--ui", "json", "--report", path, fixturePath("samples/ref-default.sse")])
        #expect(result.status == 0, "\(result.stderr)")
        let blocks = MermaidSyntax.blocks(in: try String(contentsOfFile: path, encoding: .utf8))
        #expect(blocks.count == 2)
        #expect(blocks.allSatisfy { MermaidSyntax.problems(in: $0).isEmpty })
    }

    @Test("a directory that does not exist is refused before the run, which prints nothing")
    func missingDirectory() async throws {
        let path = temporaryPath("missing") + "/run.md"
        let result = try await ChildProcess.streamtop(["demo", "--speed", "0", "--ui", "plain", "--report", path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("there is no directory"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
