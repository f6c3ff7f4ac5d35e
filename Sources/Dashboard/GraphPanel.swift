import Analysis

/// The pipeline's graph, drawn with box characters. (Being written.)
enum GraphPanel {
    struct Content: PanelContent {
        func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
            _ = PanelFrame.draw(.graph, count: "", focused: state.focus == .graph, in: rect, grid: &grid, glyphs: glyphs)
        }
    }

    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        Content()
    }
}
