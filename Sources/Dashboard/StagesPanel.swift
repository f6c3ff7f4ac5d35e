import Analysis
import OutputFormats

/// The pipeline in order: each stage run pending, active (with a spinner), done or failed; on a
/// LangGraph Server a row per node task, with its short task id, interrupted ones marked, a
/// failed one followed by its error.
enum StagesPanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
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
        return ListPanel(panel: .stages, count: count, items: PanelModel.stages(state)) { stage, width in
            let (mark, style): (String, Style) = switch stage.status {
            case .pending: (glyphs.pending, .dim)
            case .active: (spinner, .accent)
            case .done: (glyphs.done, .ok)
            case .failed: (glyphs.failed, .error)
            case .interrupted: (glyphs.interrupted, .warning)
            }
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
}
