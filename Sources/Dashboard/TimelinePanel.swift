import Analysis

/// A Gantt of the run over time: one row per stage run. (Being written.)
enum TimelinePanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        ListPanel(panel: .timeline, count: "", items: PanelModel.timeline(state)) { stage, _ in [[Span(stage.name)]] }
    }
}
