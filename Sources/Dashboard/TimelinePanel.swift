import Analysis

/// A Gantt of the run over time: a row per stage run (per task on a LangGraph Server), named on
/// the left, its bar from start to end on the run's own clock — active ones running to the
/// present, failed ones marked at their end —, the present (a replay's playhead) as a line
/// through the rows, and the time axis on the last row. The scale is `TimelineScale`'s.
struct TimelinePanel: PanelContent {
    /// The rows after the panel's filter, in the pipeline's order.
    let rows: ListItems<StageRun>
    let count: String

    static func panel(_ state: AppState, glyphs: Glyphs) -> TimelinePanel {
        let stages = state.shown.stages
        let done = stages.count { $0.status == .done }
        let failed = stages.count { $0.status == .failed }
        return TimelinePanel(
            rows: PanelModel.timeline(state),
            count: "\(done)/\(stages.count) done" + (failed > 0 ? ", \(failed) failed" : "")
        )
    }

    func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
        let view = state.view(of: .timeline)
        let focused = state.focus == .timeline
        // Zoomed over other panels, it owns every cell of its rect.
        grid.fill(rect)
        let notes = ListPanel<StageRun>.notes(of: .timeline, count: count, shown: rows.count, state, glyphs: glyphs)
        let inside = PanelFrame.draw(.timeline, count: notes, focused: focused, in: rect, grid: &grid, glyphs: glyphs)
        guard !inside.isEmpty else { return }
        guard rows.count > 0 else {
            grid.write(view.filter.isEmpty ? "no stages yet" : "nothing matches /\(view.filter)", x: inside.x, y: inside.y, limit: inside.width, style: .dim)
            return
        }
        let scale = TimelineScale(state, panel: rect)
        let labelWidth = TimelineLabel.columnWidth(rows, separator: glyphs.separator, insideWidth: inside.width)
        // The axis takes the last row when there is another for the bars.
        var (bars, axis) = (inside, Rect(x: inside.x, y: inside.maxY, width: 0, height: 0))
        if scale != nil, inside.height > 1 { (bars, axis) = inside.splitBottom(1) }
        let first = Self.firstRow(offset: view.offset, selected: view.selected, visible: bars.height, count: rows.count)
        for (line, index) in (first..<min(rows.count, first + bars.height)).enumerated() {
            let stage = rows[index]
            let y = bars.y + line
            grid.write(TimelineLabel.text(stage, separator: glyphs.separator, width: labelWidth, ellipsis: glyphs.ellipsis), x: inside.x, y: y, limit: labelWidth,
                       style: stage.status == .pending ? .dim : .normal)
            if focused, index == view.selected, labelWidth > 0 {
                grid.paint(Rect(x: inside.x, y: y, width: labelWidth, height: 1), style: .selection)
            }
            if let scale { drawBar(stage, on: scale, y: y, grid: &grid, glyphs: glyphs) }
        }
        guard let scale else { return }
        let line = scale.barX + scale.presentColumn
        for y in bars.y..<bars.maxY where grid[x: line, y: y].text == " " {
            grid.write(glyphs.vertical, x: line, y: y, style: .accent)
        }
        guard !axis.isEmpty else { return }
        grid.write(String(repeating: glyphs.horizontal, count: scale.barWidth), x: scale.barX, y: axis.y, style: .dim)
        for tick in scale.ticks {
            grid.write(tick.label, x: scale.barX + tick.column, y: axis.y, limit: scale.barWidth - tick.column, style: .dim)
        }
    }

    /// The first row drawn: the panel's offset, moved just enough to keep the selection in view.
    static func firstRow(offset: Int, selected: Int, visible: Int, count: Int) -> Int {
        var first = min(offset, selected)
        if visible > 0, selected >= first + visible { first = selected - visible + 1 }
        return min(max(0, first), max(0, count - 1))
    }

    /// A stage's bar on row `y`: from its start to its end (an active one to the present), its
    /// last cell partly filled to where it ends, and never less than a sliver; a failed one with
    /// its mark after the end, an interrupted one too; a pending one a dot at the axis's start.
    private func drawBar(_ stage: StageRun, on scale: TimelineScale, y: Int, grid: inout Grid, glyphs: Glyphs) {
        guard scale.barWidth > 0 else { return }
        guard let started = stage.startedAt?.seconds, stage.status != .pending else {
            grid.write(glyphs.pending, x: scale.barX, y: y, style: .dim)
            return
        }
        let fallbackEnd = stage.durationMs.map { started + $0 / 1000 }
        let (style, mark): (Style, String?) = switch stage.status {
        case .active, .pending: (.accent, nil)
        case .done: (.ok, nil)
        case .failed: (.error, glyphs.failed)
        case .interrupted: (.warning, glyphs.interrupted)
        }
        let from = scale.position(of: started)
        let to: Int = switch stage.status {
        case .active, .pending: scale.present
        case .done, .failed: scale.position(of: stage.endedAt?.seconds ?? fallbackEnd ?? started)
        case .interrupted: stage.endedAt.map { scale.position(of: $0.seconds) } ?? fallbackEnd.map(scale.position) ?? scale.present
        }
        let eighths = TimelineScale.eighths
        let firstCell = min(from / eighths, scale.barWidth - 1)
        let fullCells = max(0, to / eighths - firstCell)
        let remainder = to / eighths >= firstCell && to / eighths < scale.barWidth ? to % eighths : 0
        var bar = String(repeating: glyphs.barFull, count: fullCells)
        if remainder > 0 { bar += glyphs.barPartial[remainder - 1] }
        if bar.isEmpty { bar = glyphs.barPartial.first { !$0.isEmpty } ?? glyphs.barFull }
        let end = grid.write(bar, x: scale.barX + firstCell, y: y, limit: scale.barWidth - firstCell, style: style)
        if let mark { grid.write(mark, x: min(end, scale.barX + scale.barWidth - 1), y: y, style: style) }
    }
}
