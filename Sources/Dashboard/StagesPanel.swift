import Analysis
import OutputFormats

/// The pipeline in order: each stage run pending, active (with a spinner), done or failed; on a
/// LangGraph Server a row per node task, with its short task id, interrupted ones marked, a
/// failed one followed by its error.
enum StagesPanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> any PanelContent {
        let analysis = state.shown
        let stages = analysis.stages
        let done = stages.count { $0.status == .done }
        let failed = stages.count { $0.status == .failed }
        let interrupted = stages.count { $0.status == .interrupted }
        var count = "\(done)/\(stages.count) done" + (failed > 0 ? ", \(failed) failed" : "")
        if interrupted > 0 { count += ", \(interrupted) interrupted" }
        if analysis.untrackedStages.count > 0 { count += " (\(Format.count(analysis.untrackedStages.count)) more not shown)" }
        if analysis.taskStagesDropped > 0 { count += " (\(Format.count(analysis.taskStagesDropped)) older tasks let go)" }
        // Only active stages show it, and while one is, the time texts have its frame.
        let spinner = glyphs.spinner[(TimeTexts(state).spinnerFrame ?? 0) % glyphs.spinner.count]
        guard !state.layout.isCompact else { return Strip(count: count, spinner: spinner) }
        return ListPanel(panel: .stages, count: count, items: PanelModel.stages(state)) { stage, width in
            let (mark, style) = Self.mark(of: stage.status, spinner: spinner, glyphs: glyphs)
            var spans = [Span(mark + " ", style), Span(stage.name, stage.status == .pending ? .dim : .normal)]
            if let competitor = stage.competitor { spans.append(Span(" \(glyphs.separator) \(competitor)", .dim)) }
            if let task = stage.taskID { spans.append(Span(" \(glyphs.separator) \(ShortID.of(task))", .dim)) }
            if let duration = stage.durationMs { spans.append(Span(" " + DurationText.milliseconds(duration), .dim)) }
            if stage.status == .pending { spans.append(Span(" (pending)", .dim)) }
            if stage.status == .interrupted { spans.append(Span(" needs input", .warning)) }
            if stage.status == .failed, let error = stage.error { spans.append(Span(" " + error, .dim)) }
            return [spans]
        }
    }

    static func mark(of status: StageRun.Status, spinner: String, glyphs: Glyphs) -> (String, Style) {
        switch status {
        case .pending: (glyphs.pending, .dim)
        case .active: (spinner, .accent)
        case .done: (glyphs.done, .ok)
        case .failed: (glyphs.failed, .error)
        case .interrupted: (glyphs.interrupted, .warning)
        }
    }

    /// The compact layout's stages: a glyph a stage run on one row, then the one that matters
    /// named — the selected one while the panel is focused, else the first active (or failed) one.
    struct Strip: PanelContent {
        var count: String
        var spinner: String

        func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
            let focused = state.focus == .stages
            let inside = PanelFrame.draw(.stages, count: count, focused: focused, in: rect, grid: &grid, glyphs: glyphs)
            guard !inside.isEmpty else { return }
            let stages = PanelModel.stages(state)
            guard stages.count > 0 else {
                grid.write("no stages yet", x: inside.x, y: inside.y, limit: inside.width, style: .dim)
                return
            }
            // Glyphs take at most two thirds of the row, so that a name is always in sight.
            let shown = min(stages.count, max(1, inside.width * 2 / 3))
            let selected = min(state.view(of: .stages).selected, stages.count - 1)
            for index in 0..<shown {
                let (mark, style) = StagesPanel.mark(of: stages[index].status, spinner: spinner, glyphs: glyphs)
                grid.write(mark, x: inside.x + index, y: inside.y, limit: 1, style: focused && index == selected ? .selection : style)
            }
            var column = inside.x + shown
            if shown < stages.count { column = grid.write(glyphs.ellipsis, x: column, y: inside.y, limit: 1, style: .dim) }
            let named = focused ? selected : (0..<stages.count).first { stages[$0].status == .active || stages[$0].status == .failed } ?? selected
            let stage = stages[named]
            var spans = [Span(" " + stage.name, stage.status == .failed ? .error : .accent)]
            if let competitor = stage.competitor { spans.append(Span(" \(glyphs.separator) \(competitor)", .dim)) }
            let active = (0..<stages.count).count { stages[$0].status == .active }
            if active > 1 { spans.append(Span(" (\(active) active)", .dim)) }
            grid.write(spans, x: column, y: inside.y, limit: inside.maxX - column)
        }
    }
}
