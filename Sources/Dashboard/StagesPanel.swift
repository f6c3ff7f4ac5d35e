import Analysis
import OutputFormats

/// The pipeline in order: each stage run pending, active (with a spinner), done or failed.
enum StagesPanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        let stages = state.shown.stages
        let done = stages.count { $0.status == .done }
        let failed = stages.count { $0.status == .failed }
        // Only active stages show it, and while one is, the time texts have its frame.
        let spinner = glyphs.spinner[(TimeTexts(state).spinnerFrame ?? 0) % glyphs.spinner.count]
        return ListPanel(
            panel: .stages, count: "\(done)/\(stages.count) done" + (failed > 0 ? ", \(failed) failed" : ""),
            items: PanelModel.stages(state)
        ) { stage, width in
            let (mark, style): (String, Style) = switch stage.status {
            case .pending: (glyphs.pending, .dim)
            case .active: (spinner, .accent)
            case .done: (glyphs.done, .ok)
            case .failed: (glyphs.failed, .error)
            }
            var spans = [Span(mark + " ", style), Span(stage.name, stage.status == .pending ? .dim : .normal)]
            if let competitor = stage.competitor { spans.append(Span(" \(glyphs.separator) \(competitor)", .dim)) }
            if let duration = stage.durationMs { spans.append(Span(" " + DurationText.milliseconds(duration), .dim)) }
            if stage.status == .pending { spans.append(Span(" (pending)", .dim)) }
            return [spans]
        }
    }
}
