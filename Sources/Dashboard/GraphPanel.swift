import Analysis
import OutputFormats

/// The pipeline's graph, drawn with box characters top to bottom (``PipelineLayout``): each
/// node marked by its runs — active, done, failed, waiting for input, not run yet — with
/// `done/total` when it ran more than once, conditional edges dotted, loops in a note, and,
/// in the bottom border, where the graph came from.
enum GraphPanel {
    /// What a node's runs add up to.
    struct NodeMark: Equatable {
        /// Nil while no run of it began.
        var status: StageRun.Status?
        var done = 0
        var runs = 0

        /// Active if any run is, else failed if any did, else waiting if any does, else not run
        /// while any is pending, else done: what needs looking at first wins.
        mutating func add(_ run: StageRun) {
            runs += 1
            if run.status == .done { done += 1 }
            let rank: [StageRun.Status] = [.active, .failed, .interrupted, .pending, .done]
            guard let current = status else {
                status = run.status
                return
            }
            if let new = rank.firstIndex(of: run.status), let old = rank.firstIndex(of: current), new < old { status = run.status }
        }
    }

    struct Content: PanelContent {
        var shape: PipelineShape
        var marks: [String: NodeMark]
        /// The run has begun (the start is passed) and completed (the end is reached).
        var begun: Bool
        var completed: Bool
        var count: String

        func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
            // Shown zoomed over other panels, it owns every cell of its rect.
            grid.fill(rect)
            let inside = PanelFrame.draw(.graph, count: count, focused: state.focus == .graph, in: rect, grid: &grid, glyphs: glyphs)
            if rect.width > 4, rect.height >= 2 {
                grid.write(" \(GraphPanel.sourceText(shape.source)) ", x: rect.x + 2, y: rect.maxY - 1, limit: rect.width - 4, style: .dim)
            }
            guard !inside.isEmpty else { return }
            guard shape.nodes.contains(where: { !PipelineShape.isTerminal($0) }) else {
                grid.write(shape.source == .seen ? "no stages yet" : "no pipeline yet", x: inside.x, y: inside.y, limit: inside.width, style: .dim)
                return
            }
            // A layer takes a row at least, and so does the band under it.
            let layering = PipelineLayering(shape, layerLimit: (inside.height + 1) / 2)
            let labels = layering.nodes.map { label(of: $0, glyphs: glyphs) }
            let layout = PipelineLayout(layering, size: Size(width: inside.width, height: inside.height)) { labels[$0].width }
            for box in layout.boxes {
                drawBox(box, label: labels[box.node], at: inside, grid: &grid, glyphs: glyphs)
            }
            for cell in layout.cells {
                let style = cell.border.map { labels[layout.boxes[$0].node].border } ?? (cell.isArrow ? .normal : .dim)
                grid.write(GraphPanel.glyph(cell, glyphs), x: inside.x + cell.x, y: inside.y + cell.y, limit: 1, style: style)
            }
            if let row = layout.noteRow {
                grid.write(note(layout, glyphs: glyphs), x: inside.x, y: inside.y + row, limit: inside.width, style: .dim)
            }
        }

        /// A node's label: its mark, name and run count, and the styles it is drawn in.
        private func label(of node: String, glyphs: Glyphs) -> Label {
            if PipelineShape.isTerminal(node) {
                let reached = node == PipelineShape.start ? begun : completed
                return Label(mark: "", name: GraphPanel.shortName(node), count: "", border: reached ? .ok : .dim, nameStyle: reached ? .ok : .dim)
            }
            let mark = marks[node] ?? NodeMark()
            let count = mark.runs > 1 ? "\(mark.done)/\(mark.runs)" : ""
            switch mark.status {
            case .active:
                let lit = Style(.accent, bold: true)
                return Label(mark: glyphs.activeMark, name: node, count: count, border: lit, nameStyle: lit)
            case .done: return Label(mark: glyphs.done, name: node, count: count, border: .ok, nameStyle: .normal)
            case .failed: return Label(mark: glyphs.failed, name: node, count: count, border: .error, nameStyle: .normal)
            case .interrupted: return Label(mark: glyphs.interrupted, name: node, count: count, border: .warning, nameStyle: .normal)
            case .pending, nil: return Label(mark: glyphs.pending, name: node, count: count, border: .dim, nameStyle: .dim)
            }
        }

        private func drawBox(_ box: PipelineLayout.Box, label: Label, at origin: Rect, grid: inout Grid, glyphs: Glyphs) {
            let x = origin.x + box.rect.x
            let y = origin.y + box.rect.y
            let width = box.rect.width
            let middle = box.kind == .framed ? y + 1 : y
            let (open, close): (String, String) = switch box.kind {
            case .terminal: ("(", ")")
            case .line: ("[", "]")
            case .framed: (glyphs.vertical, glyphs.vertical)
            }
            if box.kind == .framed {
                let line = String(repeating: glyphs.horizontal, count: max(0, width - 2))
                grid.write(glyphs.topLeft + line + glyphs.topRight, x: x, y: y, limit: width, style: label.border)
                grid.write(glyphs.bottomLeft + line + glyphs.bottomRight, x: x, y: y + 2, limit: width, style: label.border)
            }
            grid.write(open, x: x, y: middle, limit: 1, style: label.border)
            grid.write(close, x: x + width - 1, y: middle, limit: 1, style: label.border)
            grid.write(label.spans(fitting: box.labelWidth, ellipsis: glyphs.ellipsis), x: x + 2, y: middle, limit: box.labelWidth)
        }

        /// "2 more nodes · loops: tools → agent", and the edges left out, if any.
        private func note(_ layout: PipelineLayout, glyphs: Glyphs) -> String {
            var parts: [String] = []
            if layout.hiddenNodes > 0 { parts.append("\(layout.hiddenNodes) more node" + (layout.hiddenNodes == 1 ? "" : "s")) }
            let unrouted = layout.layering.unroutedEdges
            if unrouted > 0 { parts.append("\(unrouted) edge" + (unrouted == 1 ? "" : "s") + " not drawn") }
            if !layout.layering.loops.isEmpty {
                let loops = layout.layering.loops.map { edge in
                    "\(GraphPanel.shortName(edge.source)) \(glyphs.arrowRight) \(GraphPanel.shortName(edge.target))"
                }
                parts.append("loops: " + loops.joined(separator: ", "))
            }
            return parts.joined(separator: " \(glyphs.separator) ")
        }
    }

    /// A node's label as drawn: the name gives way first, then the count.
    struct Label {
        var mark: String
        var name: String
        var count: String
        var border: Style
        var nameStyle: Style

        var width: Int { TextWidth.of(spans(fitting: .max, ellipsis: "").map(\.text).joined()) }

        func spans(fitting width: Int, ellipsis: String) -> [Span] {
            let markPart = mark.isEmpty ? [] : [Span(mark, border), Span(" ")]
            let markWidth = mark.isEmpty ? 0 : TextWidth.of(mark) + 1
            let countWidth = count.isEmpty ? 0 : TextWidth.of(count) + 1
            let nameWidth = TextWidth.of(name)
            if markWidth + nameWidth + countWidth <= width {
                return markPart + [Span(name, nameStyle)] + (count.isEmpty ? [] : [Span(" " + count, .dim)])
            }
            let roomWithCount = width - markWidth - countWidth
            if !count.isEmpty, roomWithCount >= 2 {
                return markPart + [Span(TextWidth.truncate(name, to: roomWithCount, ellipsis: ellipsis), nameStyle), Span(" " + count, .dim)]
            }
            let room = width - markWidth
            guard room >= 1 else { return [Span(mark, border)] }
            return markPart + [Span(TextWidth.truncate(name, to: room, ellipsis: ellipsis), nameStyle)]
        }
    }

    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        let analysis = state.shown
        var marks: [String: NodeMark] = [:]
        for run in analysis.stages { marks[run.name, default: NodeMark()].add(run) }
        let shape = state.shownPipeline
        let nodes = shape.nodes.filter { !PipelineShape.isTerminal($0) }
        let active = nodes.count { marks[$0]?.status == .active }
        let failed = nodes.count { marks[$0]?.status == .failed }
        var count = "\(nodes.count) node" + (nodes.count == 1 ? "" : "s")
        if active > 0 { count += " \(glyphs.separator) \(active) active" }
        if failed > 0 { count += " \(glyphs.separator) \(failed) failed" }
        return Content(
            shape: shape, marks: marks, begun: analysis.stages.contains { $0.status != .pending }, completed: analysis.isCompleted,
            count: count)
    }

    static func sourceText(_ source: PipelineShape.Source) -> String {
        switch source {
        case .engine: "from the engine"
        case .server: "from the server"
        case .seen: "from the stages seen"
        }
    }

    /// `__start__` reads "start", `__end__` "end"; other names as they are.
    static func shortName(_ node: String) -> String {
        switch node {
        case PipelineShape.start: "start"
        case PipelineShape.end: "end"
        default: node
        }
    }

    /// The character of an edge cell: an arrowhead, a line, or where lines meet.
    static func glyph(_ cell: PipelineLayout.EdgeCell, _ glyphs: Glyphs) -> String {
        if cell.isArrow { return glyphs.arrowDown }
        let joins = cell.joins
        let vertical = joins.isDisjoint(with: [.left, .right])
        let horizontal = joins.isDisjoint(with: [.up, .down])
        if vertical { return cell.dotted ? glyphs.dottedVertical : glyphs.vertical }
        if horizontal { return cell.dotted ? glyphs.dottedHorizontal : glyphs.horizontal }
        switch joins {
        case [.down, .right]: return glyphs.topLeft
        case [.down, .left]: return glyphs.topRight
        case [.up, .right]: return glyphs.bottomLeft
        case [.up, .left]: return glyphs.bottomRight
        case [.up, .down, .right]: return glyphs.teeRight
        case [.up, .down, .left]: return glyphs.teeLeft
        case [.left, .right, .down]: return glyphs.teeDown
        case [.left, .right, .up]: return glyphs.teeUp
        default: return glyphs.cross
        }
    }
}
