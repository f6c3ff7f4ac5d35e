import Testing
import TestSupport

/// The checker the report's tests rely on, shown to fail: each broken diagram is one a bug in
/// the report's writers could make.
@Suite("Mermaid checker")
struct MermaidSyntaxTests {
    static let gantt = """
        gantt
            title Stage runs
            dateFormat x
            axisFormat %M:%S
            todayMarker off
            section Run
            plan_queries :done, t1, 1736154000000, 1736154001500
            section Medtronic
            research_competitor :crit, t2, 1736154001500, 1736154001501
            analyze_findings :t3, 1736154001501, 1736154003000
        """

    static let flowchart = """
        flowchart TD
            n1(["__start__"])
            n2["plan_queries"]
            n3["say #quot;hi#quot;"]
            n1 --> n2
            n2 -.-> n3
            classDef terminal fill-opacity:0
            class n1 terminal
        """

    @Test("the subset the report writes is accepted, and read back")
    func accepted() throws {
        guard case .gantt(let gantt) = try MermaidSyntax.parse(Self.gantt).get() else { throw Unexpected() }
        #expect(gantt.sections == ["Run", "Medtronic"])
        #expect(gantt.tasks.map(\.id) == ["t1", "t2", "t3"])
        #expect(gantt.tasks[1].tags == ["crit"] && gantt.tasks[1].section == "Medtronic")
        #expect(gantt.tasks[0].end - gantt.tasks[0].start == 1500)
        guard case .flowchart(let chart) = try MermaidSyntax.parse(Self.flowchart).get() else { throw Unexpected() }
        #expect(chart.nodes.map(\.id) == ["n1", "n2", "n3"])
        #expect(chart.nodes[0].isStadium && !chart.nodes[1].isStadium)
        #expect(chart.edges == [.init(source: "n1", target: "n2", isDotted: false), .init(source: "n2", target: "n3", isDotted: true)])
        #expect(chart.classes == ["terminal": ["n1"]])
    }

    @Test("broken gantts are refused", arguments: [
        ("a task without a start", "    plan_queries :done, t1, 1736154000000"),
        ("a task without data", "    plan_queries"),
        ("a name with a colon", "    plan: queries :t9, 1, 2"),
        ("a name with a hash", "    plan#queries :t9, 1, 2"),
        ("a name with a semicolon", "    plan;queries :t9, 1, 2"),
        ("a name with a percent", "    5% done :t9, 1, 2"),
        ("a name read as a keyword", "    section two :t9, 1, 2"),
        ("a name read as a date", "    2024-01-01 plan :t9, 1, 2"),
        ("an unknown keyword", "    excludes weekends"),
        ("a duplicate id", "    again :t1, 1, 2"),
        ("an unknown tag", "    again :late, t9, 1, 2"),
        ("an end before the start", "    again :t9, 5, 2"),
        ("a time that is not milliseconds", "    again :t9, 2024-01-01, 2d"),
    ])
    func brokenGantt(_ broken: (String, String)) {
        #expect(!MermaidSyntax.problems(in: Self.gantt + "\n" + broken.1).isEmpty, "\(broken.0)")
    }

    @Test("a gantt with another date format, a bad axis format or no tasks is refused")
    func brokenGanttHeader() {
        #expect(!MermaidSyntax.problems(in: Self.gantt.replacing("dateFormat x", with: "dateFormat YYYY-MM-DD")).isEmpty)
        #expect(!MermaidSyntax.problems(in: Self.gantt.replacing("%M:%S", with: "%Q")).isEmpty)
        #expect(!MermaidSyntax.problems(in: "gantt\n    dateFormat x\n    section Run\n").isEmpty)
        #expect(!MermaidSyntax.problems(in: "").isEmpty)
        #expect(!MermaidSyntax.problems(in: "sequenceDiagram\n    a->>b: hi\n").isEmpty)
    }

    @Test("broken flowcharts are refused", arguments: [
        ("an unclosed bracket", #"    n9["open"#),
        ("a mismatched bracket", #"    n9(["open"]"#),
        ("a quote inside a label", #"    n9["say "hi""]"#),
        ("a label without quotes", "    n9[bare]"),
        ("a bare hash", #"    n9["a#b"]"#),
        ("a reserved id", #"    end["the end"]"#),
        ("a duplicate id", #"    n2["again"]"#),
        ("an edge to nowhere", "    n2 --> n99"),
        ("an unknown arrow", "    n1 ==> n2"),
        ("an unknown keyword", "    style n1 fill:red"),
        ("a class never defined", "    class n2 missing"),
        ("a class for an unknown node", "    class n99 terminal"),
        ("a shape outside the subset", #"    n9{"decide"}"#),
    ])
    func brokenFlowchart(_ broken: (String, String)) {
        #expect(!MermaidSyntax.problems(in: Self.flowchart + "\n" + broken.1).isEmpty, "\(broken.0)")
    }

    @Test("only ```mermaid blocks are taken from Markdown, and an unclosed one fails")
    func blocks() {
        let markdown = "# T\n\n```mermaid\n\(Self.flowchart)\n```\n\n```swift\nlet a = 1\n```\n"
        #expect(MermaidSyntax.blocks(in: markdown).map(MermaidSyntax.problems) == [[]])
        let unclosed = MermaidSyntax.blocks(in: "```mermaid\n\(Self.flowchart)\n")
        #expect(unclosed.count == 1 && !MermaidSyntax.problems(in: unclosed[0]).isEmpty)
    }
}

private struct Unexpected: Error {}
