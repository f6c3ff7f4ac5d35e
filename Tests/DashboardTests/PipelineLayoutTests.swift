@testable import Analysis
@testable import Dashboard
import OutputFormats
import Testing

/// The pipeline graph: layering (layers, order, loops), the layout in a rectangle of any size,
/// and the panel drawn from it, read back as text.
@Suite("Pipeline graph")
struct PipelineLayoutTests {
    typealias Edge = PipelineShape.Edge

    /// The demo's graph as `DemoPipeline.pipelineShape` gives it (the engine's `GraphShape`:
    /// plain edges first, then routers' and declared destinations, conditional).
    static let demo = PipelineShape(
        nodes: ["__start__", "plan_queries", "research_competitor", "analyze_findings", "synthesize_report", "__end__"],
        edges: [
            Edge(source: "__start__", target: "plan_queries"),
            Edge(source: "analyze_findings", target: "synthesize_report"),
            Edge(source: "synthesize_report", target: "__end__"),
            Edge(source: "plan_queries", target: "research_competitor", conditional: true),
            Edge(source: "plan_queries", target: "synthesize_report", conditional: true),
            Edge(source: "research_competitor", target: "analyze_findings", conditional: true),
        ])

    /// An agent that calls tools until it is done: the loop LangGraph graphs are made of.
    static let agentLoop = PipelineShape(
        nodes: ["__start__", "agent", "tools", "__end__"],
        edges: [
            Edge(source: "__start__", target: "agent"), Edge(source: "agent", target: "tools", conditional: true),
            Edge(source: "tools", target: "agent"), Edge(source: "agent", target: "__end__", conditional: true),
        ])

    static func chain(_ count: Int) -> PipelineShape {
        let nodes = ["__start__"] + (1...count).map { "node_\($0)" } + ["__end__"]
        return PipelineShape(nodes: nodes, edges: zip(nodes, nodes.dropFirst()).map { Edge(source: $0, target: $1) })
    }

    static func fan(_ count: Int) -> PipelineShape {
        let middle = (1...count).map { "worker_\($0)" }
        return PipelineShape(
            nodes: ["__start__"] + middle + ["__end__"],
            edges: middle.flatMap { [Edge(source: "__start__", target: $0), Edge(source: $0, target: "__end__")] })
    }

    /// Mid-run: planned, research done for three of four competitors and going for the fourth,
    /// analysis done for two.
    static func midRun(_ shape: PipelineShape = demo) -> AppState {
        var state = AppState(mode: .demo, now: 1_795_537_000)
        state.pipeline = shape
        let competitors = ["Acme", "Globex", "Initech", "Umbrella"]
        state.analysis.stages = [StageRun(name: "plan_queries", status: .done)]
            + competitors.enumerated().map { StageRun(name: "research_competitor", competitor: $1, status: $0 < 3 ? .done : .active) }
            + competitors.enumerated().map { StageRun(name: "analyze_findings", competitor: $1, status: $0 < 2 ? .done : .pending) }
            + [StageRun(name: "synthesize_report", status: .pending)]
        return state
    }

    static func names(_ layering: PipelineLayering) -> [[String]] {
        layering.layers.map { layer in
            layer.map { item in
                switch item {
                case .node(let node): layering.nodes[node]
                case .waypoint: "|"
                }
            }
        }
    }

    /// The panel drawn into `rect` of a grid of `size` filled with `#` first, so that a test
    /// can see what was drawn outside the rect.
    static func drawn(_ state: AppState, in rect: Rect, size: Size? = nil, glyphs: Glyphs = .unicode) -> Grid {
        var grid = Grid(size: size ?? Size(width: rect.maxX, height: rect.maxY), ellipsis: glyphs.ellipsis)
        grid.fill(Rect(grid.size), with: "#")
        GraphPanel.panel(state, glyphs: glyphs).draw(state, in: rect, grid: &grid, glyphs: glyphs)
        return grid
    }

    /// Every cell outside `rect` still holds the `#` it was filled with.
    static func untouchedOutside(_ rect: Rect, of grid: Grid) -> Bool {
        (0..<grid.size.height).allSatisfy { y in
            (0..<grid.size.width).allSatisfy { x in
                (x >= rect.x && x < rect.maxX && y >= rect.y && y < rect.maxY) || grid[x: x, y: y].text == "#"
            }
        }
    }

    static func state(_ shape: PipelineShape) -> AppState {
        var state = AppState(mode: .demo, now: 1_795_537_000)
        state.pipeline = shape
        return state
    }

    // MARK: - Layering

    @Test("layers by the longest path from the start: the planner's edge past the research goes down through waypoints")
    func layers() {
        let layering = PipelineLayering(Self.demo)
        #expect(Self.names(layering) == [
            ["__start__"], ["plan_queries"], ["research_competitor", "|"], ["analyze_findings", "|"], ["synthesize_report"], ["__end__"],
        ])
        #expect(layering.loops.isEmpty)
        #expect(layering.steps.map(\.count) == [1, 2, 2, 2, 1])
        #expect(layering.steps[1].allSatisfy { $0.conditional })
        #expect(layering.steps[3].contains { !$0.conditional })
    }

    @Test("within a layer, nodes follow their parents' order, so that edges do not cross")
    func order() {
        let shape = PipelineShape(
            nodes: ["__start__", "left", "right", "under_right", "under_left", "__end__"],
            edges: [
                Edge(source: "__start__", target: "left"), Edge(source: "__start__", target: "right"),
                Edge(source: "left", target: "under_left"), Edge(source: "right", target: "under_right"),
                Edge(source: "under_left", target: "__end__"), Edge(source: "under_right", target: "__end__"),
            ])
        #expect(Self.names(PipelineLayering(shape))[2] == ["under_left", "under_right"])
    }

    @Test("a loop terminates: the edge back is set aside as a loop, a node's edge to itself too, and repeats count once")
    func loop() {
        let layering = PipelineLayering(Self.agentLoop)
        #expect(Self.names(layering) == [["__start__"], ["agent"], ["tools", "__end__"]])
        #expect(layering.loops == [Edge(source: "tools", target: "agent")])

        let selfLoop = PipelineShape(
            nodes: ["__start__", "retry", "__end__"],
            edges: [
                Edge(source: "__start__", target: "retry"), Edge(source: "retry", target: "retry", conditional: true),
                Edge(source: "retry", target: "__end__"), Edge(source: "retry", target: "__end__", conditional: true),
            ])
        let layered = PipelineLayering(selfLoop)
        #expect(Self.names(layered) == [["__start__"], ["retry"], ["__end__"]])
        #expect(layered.loops == [Edge(source: "retry", target: "retry", conditional: true)])
        #expect(layered.edges == [Edge(source: "__start__", target: "retry"), Edge(source: "retry", target: "__end__")])

        // A cycle that nothing leads into is still cut somewhere.
        let ring = PipelineShape(nodes: ["a", "b", "c"], edges: [Edge(source: "a", target: "b"), Edge(source: "b", target: "c"), Edge(source: "c", target: "a")])
        #expect(PipelineLayering(ring).loops == [Edge(source: "c", target: "a")])
        #expect(Self.names(PipelineLayering(ring)) == [["a"], ["b"], ["c"]])
    }

    @Test("a diamond: both branches in one layer, joined into the node under them with one arrowhead")
    func diamond() throws {
        let shape = PipelineShape(
            nodes: ["__start__", "split", "one", "two", "join", "__end__"],
            edges: [
                Edge(source: "__start__", target: "split"), Edge(source: "split", target: "one"), Edge(source: "split", target: "two"),
                Edge(source: "one", target: "join"), Edge(source: "two", target: "join"), Edge(source: "join", target: "__end__"),
            ])
        let layering = PipelineLayering(shape)
        #expect(Self.names(layering) == [["__start__"], ["split"], ["one", "two"], ["join"], ["__end__"]])
        let layout = PipelineLayout(layering, size: Size(width: 40, height: 20)) { TextWidth.of(layering.nodes[$0]) + 2 }
        let join = try #require(layout.boxes.first { layering.nodes[$0.node] == "join" })
        let arrows = layout.cells.filter(\.isArrow)
        #expect(arrows.count { $0.y == join.rect.y - 1 && $0.x == join.rect.x + join.rect.width / 2 } == 1)
        #expect(arrows.count == 5)
        let grid = Self.drawn(Self.state(shape), in: Rect(x: 0, y: 0, width: 40, height: 22))
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("┌") && text.contains("┴") && text.contains("┬"))
    }

    @Test("a node that only an edge names is drawn too; a shape of one node is one box")
    func oneNode() {
        let single = PipelineShape(nodes: ["only"], edges: [])
        let layering = PipelineLayering(single)
        #expect(Self.names(layering) == [["only"]])
        let grid = Self.drawn(Self.state(single), in: Rect(x: 0, y: 0, width: 20, height: 7))
        #expect(grid.lines.contains { $0.contains("│ · only │") })
        #expect(PipelineLayering(PipelineShape(nodes: [], edges: [Edge(source: "a", target: "b")])).nodes == ["a", "b"])
    }

    @Test("the work is bounded: only the layers a drawing can show, and waypoints up to a budget")
    func bounded() {
        let limited = PipelineLayering(Self.chain(100), layerLimit: 6)
        #expect(limited.layers.count == 6)
        #expect(limited.nodesBelowLimit == 96)
        #expect(limited.steps.count == 5)

        let nodes = ["__start__"] + (1...198).map { "n\($0)" } + ["__end__"]
        var edges = zip(nodes, nodes.dropFirst()).map { Edge(source: $0, target: $1) }
        for index in 0..<800 { edges.append(Edge(source: nodes[index % 20], target: nodes[100 + index % 100], conditional: true)) }
        let dense = PipelineLayering(PipelineShape(nodes: nodes, edges: edges))
        let waypoints = dense.layers.joined().count { if case .waypoint = $0 { true } else { false } }
        #expect(waypoints <= PipelineLayering.waypointBudget)
        #expect(dense.unroutedEdges > 0)
        let grid = Self.drawn(Self.state(PipelineShape(nodes: nodes, edges: edges)), in: Rect(x: 0, y: 0, width: 120, height: 30))
        #expect(grid.lines[28].contains("more nodes"))
        #expect(PipelineLayering(PipelineShape(nodes: nodes, edges: edges), layerLimit: 15).unroutedEdges == 0)
    }

    // MARK: - Fitting

    @Test("100 nodes in 40×12: what fits is drawn, the rest counted in the note, nothing outside")
    func hundredNodes() {
        for shape in [Self.chain(100), Self.fan(100)] {
            let layering = PipelineLayering(shape)
            let layout = PipelineLayout(layering, size: Size(width: 38, height: 10)) { TextWidth.of(layering.nodes[$0]) + 2 }
            #expect(layout.boxes.count + layout.hiddenNodes == layering.nodes.count)
            #expect(layout.hiddenNodes > 0)
            #expect(layout.noteRow == 9)
            #expect(layout.boxes.allSatisfy { $0.rect.x >= 0 && $0.rect.maxX <= 38 && $0.rect.y >= 0 && $0.rect.maxY <= 9 })
            #expect(layout.cells.allSatisfy { $0.x >= 0 && $0.x < 38 && $0.y >= 0 && $0.y < 9 })

            let rect = Rect(x: 3, y: 2, width: 40, height: 12)
            let grid = Self.drawn(Self.state(shape), in: rect, size: Size(width: 46, height: 16))
            #expect(Self.untouchedOutside(rect, of: grid))
            #expect(grid.lines[12].contains("\(layout.hiddenNodes) more nodes"))
        }
    }

    @Test("hostile names: long, wide, empty, combining, control-free but odd; all cut to fit, nothing outside")
    func hostileNames() {
        let names = [
            String(repeating: "x", count: 500), "研究竞争对手的发现和分析", "👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦", "", "e\u{301}\u{301}\u{301}", "\u{200B}", "a b", "│┼─", "__end__",
        ]
        let shape = PipelineShape(
            nodes: ["__start__"] + names,
            edges: names.map { Edge(source: "__start__", target: $0) } + names.map { Edge(source: $0, target: "__end__", conditional: true) })
        for size in [Size(width: 80, height: 24), Size(width: 24, height: 9), Size(width: 7, height: 5)] {
            let rect = Rect(x: 1, y: 1, width: size.width, height: size.height)
            let grid = Self.drawn(Self.state(shape), in: rect, size: Size(width: size.width + 2, height: size.height + 2))
            #expect(Self.untouchedOutside(rect, of: grid))
            #expect(grid.lines.allSatisfy { TextWidth.of($0) == size.width + 2 })
        }
        let wide = Self.drawn(Self.state(shape), in: Rect(x: 0, y: 0, width: 80, height: 24))
        #expect(wide.lines.joined().contains("…"))
    }

    @Test("every rect from 0×0 to 30×10 draws without crashing and only inside itself")
    func everyRect() {
        let states = [Self.midRun(), Self.state(Self.agentLoop), Self.state(Self.chain(12)), Self.state(Self.fan(9)), AppState(mode: .demo, now: 0)]
        for state in states {
            for width in 0...30 {
                for height in 0...10 {
                    let rect = Rect(x: 2, y: 1, width: width, height: height)
                    for glyphs in [Glyphs.unicode, .ascii] {
                        let grid = Self.drawn(state, in: rect, size: Size(width: 34, height: 12), glyphs: glyphs)
                        #expect(Self.untouchedOutside(rect, of: grid), "\(width)×\(height)")
                    }
                }
            }
        }
    }

    // MARK: - Marks and notes

    @Test("marks: the active node lit with ▶, done ones ✓, failed ✗, waiting ‖, not run ·, runs counted")
    func marks() throws {
        var state = Self.midRun()
        state.analysis.stages.append(StageRun(name: "synthesize_report", status: .failed))
        let grid = Self.drawn(state, in: Rect(x: 0, y: 0, width: 80, height: 24))
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("▶ research_competitor 3/4"))
        #expect(text.contains("✓ plan_queries"))
        #expect(text.contains("· analyze_findings 2/4"))
        #expect(text.contains("✗ synthesize_report 0/2"))
        #expect(grid.lines[0].contains("4 nodes · 1 active · 1 failed"))
        let (row, column) = try #require(Self.find("▶", in: grid))
        #expect(grid[x: column, y: row].style == Style(.accent, bold: true))
        let done = try #require(Self.find("✓", in: grid))
        #expect(grid[x: done.column, y: done.row].style == .ok)

        state.analysis.stages = [StageRun(name: "plan_queries", status: .interrupted)]
        #expect(Self.drawn(state, in: Rect(x: 0, y: 0, width: 80, height: 24)).lines.joined().contains("‖ plan_queries"))
    }

    @Test("where the graph came from is said in the bottom border; loops in the note; no stages yet when nothing was seen")
    func notes() {
        let engine = Self.drawn(Self.midRun(), in: Rect(x: 0, y: 0, width: 80, height: 24))
        #expect(engine.lines[23].contains(" from the engine "))
        var server = Self.agentLoop
        server.source = .server
        let looped = Self.drawn(Self.state(server), in: Rect(x: 0, y: 0, width: 60, height: 20))
        #expect(looped.lines[19].contains(" from the server "))
        #expect(looped.lines[18].contains("loops: tools → agent"))

        var seen = AppState(mode: .demo, now: 0)
        #expect(seen.shownPipeline.source == .seen)
        #expect(Self.drawn(seen, in: Rect(x: 0, y: 0, width: 40, height: 10)).lines[1].contains("no stages yet"))
        seen.analysis.stages = [StageRun(name: "fetch", status: .done), StageRun(name: "summarise", status: .active)]
        let chain = Self.drawn(seen, in: Rect(x: 0, y: 0, width: 40, height: 20)).lines.joined(separator: "\n")
        #expect(chain.contains("✓ fetch") && chain.contains("▶ summarise") && chain.contains("from the stages seen"))
    }

    @Test("--ascii draws with ASCII alone")
    func ascii() {
        let grid = Self.drawn(Self.midRun(), in: Rect(x: 0, y: 0, width: 80, height: 24), glyphs: .ascii)
        #expect(grid.lines.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
        #expect(grid.lines.joined().contains("> research_competitor 3/4"))
    }

    // MARK: - Goldens

    @Test("the demo's graph mid-run at 80×24")
    func demoAt80x24() {
        let grid = Self.drawn(Self.midRun(), in: Rect(x: 0, y: 0, width: 80, height: 24))
        #expect(Self.picture(grid) == Self.golden80x24, "\n\(grid.lines.joined(separator: "\n"))")
    }

    @Test("the demo's graph mid-run at 200×60")
    func demoAt200x60() {
        let grid = Self.drawn(Self.midRun(), in: Rect(x: 0, y: 0, width: 200, height: 60))
        #expect(Self.picture(grid) == Self.golden200x60, "\n\(grid.lines.joined(separator: "\n"))")
    }

    static func find(_ text: String, in grid: Grid) -> (row: Int, column: Int)? {
        for y in 0..<grid.size.height {
            for x in 0..<grid.size.width where grid[x: x, y: y].text == text { return (y, x) }
        }
        return nil
    }

    /// A grid's rows without the frame's right border and the blanks before it, so that the
    /// goldens can be read.
    static func picture(_ grid: Grid) -> [String] {
        grid.lines.map { line in
            guard line.hasSuffix("│") else { return line }
            var inside = line.dropLast()
            while inside.last == " " { inside.removeLast() }
            return String(inside)
        }
    }

    static let golden80x24 = [
        "┌─ Pipeline 4 nodes · 1 active ────────────────────────────────────────────────┐",
        "│                                ( start )",
        "│                                    ▼",
        "│                           ┌────────────────┐",
        "│                           │ ✓ plan_queries │",
        "│                           └────────┬───────┘",
        "│                                    ├┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┐",
        "│                                    ▼                ┆",
        "│                      ┌───────────────────────────┐  ┆",
        "│                      │ ▶ research_competitor 3/4 │  ┆",
        "│                      └─────────────┬─────────────┘  ┆",
        "│                                    ▼                ┆",
        "│                       ┌────────────────────────┐    ┆",
        "│                       │ · analyze_findings 2/4 │    ┆",
        "│                       └────────────┬───────────┘    ┆",
        "│                                    └───────┬┄┄┄┄┄┄┄┄┘",
        "│                                            ▼",
        "│                                 ┌─────────────────────┐",
        "│                                 │ · synthesize_report │",
        "│                                 └──────────┬──────────┘",
        "│                                            ▼",
        "│                                         ( end )",
        "│",
        "└─ from the engine ────────────────────────────────────────────────────────────┘",
    ]
    static let golden200x60 = [
        "┌─ Pipeline 4 nodes · 1 active ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┐",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│                                                                                            ( start )",
        "│                                                                                                │",
        "│                                                                                                ▼",
        "│                                                                                       ┌────────────────┐",
        "│                                                                                       │ ✓ plan_queries │",
        "│                                                                                       └────────┬───────┘",
        "│                                                                                                ┆",
        "│                                                                                                ├┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┐",
        "│                                                                                                ▼                ┆",
        "│                                                                                  ┌───────────────────────────┐  ┆",
        "│                                                                                  │ ▶ research_competitor 3/4 │  ┆",
        "│                                                                                  └─────────────┬─────────────┘  ┆",
        "│                                                                                                ┆                ┆",
        "│                                                                                                ▼                ┆",
        "│                                                                                   ┌────────────────────────┐    ┆",
        "│                                                                                   │ · analyze_findings 2/4 │    ┆",
        "│                                                                                   └────────────┬───────────┘    ┆",
        "│                                                                                                │                ┆",
        "│                                                                                                └───────┬┄┄┄┄┄┄┄┄┘",
        "│                                                                                                        ▼",
        "│                                                                                             ┌─────────────────────┐",
        "│                                                                                             │ · synthesize_report │",
        "│                                                                                             └──────────┬──────────┘",
        "│                                                                                                        │",
        "│                                                                                                        ▼",
        "│                                                                                                     ( end )",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "│",
        "└─ from the engine ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
    ]
}
