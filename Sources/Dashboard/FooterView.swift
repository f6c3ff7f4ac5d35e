/// The bottom row: a notice when there is one, the filter being typed, or the keys that
/// matter now.
enum FooterView {
    static func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        if state.input == .filter {
            let filter = state.view(of: state.focus).filter
            grid.write([Span(" filter \(state.focus.title): ", .accent), Span(filter + "_"), Span("   Enter keep · Esc clear", .dim)],
                       x: rect.x, y: rect.y, limit: rect.width)
            return
        }
        if let notice = state.notice {
            grid.write(" " + notice.text, x: rect.x, y: rect.y, limit: rect.width, style: notice.isError ? .error : .ok)
            return
        }
        let hints: [(String, String)]
        if let playback = state.playback {
            hints = [
                ("q", "quit"), ("Space", playback.isPaused || playback.hasEnded ? "play" : "pause"), ("←→", "seek"),
                ("+-", "speed"), ("[ ]", "stage"), ("Tab", "focus"), ("/", "filter"), ("?", "help"),
            ]
        } else {
            hints = [
                ("q", "quit"), ("Tab", "focus"), ("↑↓", "scroll"), ("/", "filter"),
                ("p", state.frozen == nil ? "freeze" : "unfreeze"), ("l", state.showEventLog ? "hide log" : "log"),
                ("e", "export"), ("?", "help"),
            ]
        }
        var spans: [Span] = []
        for (key, action) in hints {
            spans.append(Span(" \(key) ", Style(.accent, bold: true)))
            spans.append(Span(action + " ", .dim))
        }
        grid.write(spans, x: rect.x, y: rect.y, limit: rect.width)
    }
}
