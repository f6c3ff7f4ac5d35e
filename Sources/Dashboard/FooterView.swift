import Analysis
import Feeds

/// The bottom row: the filter or the answer being typed, the question of a first `c`, a
/// notice when there is one, or the keys that matter now.
enum FooterView {
    static func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        switch state.input {
        case .filter:
            let filter = state.view(of: state.focus).filter
            grid.write([Span(" filter \(state.focus.title): ", .accent), Span(filter + "_"), Span("   Enter keep · Esc clear", .dim)],
                       x: rect.x, y: rect.y, limit: rect.width)
            return
        case .answer:
            drawAnswer(state.answer, in: rect, grid: &grid, glyphs: glyphs)
            return
        case .keys:
            break
        }
        if let confirmation = state.cancelConfirmation {
            let run = confirmation.runID.map { "run \(ShortID.of($0))" } ?? "the run"
            grid.write([Span(" press c again to cancel \(run)", .warning), Span("   any other key keeps it going", .dim)],
                       x: rect.x, y: rect.y, limit: rect.width)
            return
        }
        if let notice = state.notice {
            grid.write(" " + notice.text, x: rect.x, y: rect.y, limit: rect.width, style: notice.isError ? .error : .ok)
            return
        }
        var hints: [(String, String)]
        if state.details != nil {
            hints = [("Esc", "close"), ("↑↓", "scroll"), ("y", "copy"), ("q", "quit")]
        } else if let playback = state.playback {
            hints = [
                ("q", "quit"), ("Space", playback.isPaused || playback.hasEnded ? "play" : "pause"), ("←→", "seek"),
                ("+-", "speed"), ("[ ]", "stage"), ("Enter", "details"), ("t", "timeline"), ("Tab", "focus"), ("?", "help"),
            ]
        } else {
            hints = [
                ("q", "quit"), ("Tab", "focus"), ("↑↓", "select"), ("Enter", "details"), ("t", "timeline"), ("v", "graph"),
                ("/", "filter"), ("p", state.frozen == nil ? "freeze" : "unfreeze"), ("e", "export"), ("?", "help"),
            ]
        }
        if let zoomed = state.zoomed, state.details == nil {
            let key = zoomed == .timeline ? "t" : zoomed == .graph ? "v" : "z"
            hints.removeAll { $0.0 == key }
            hints.insert((key, "back"), at: 1)
        }
        // A LangGraph run's own keys, when they do something, come first.
        if case .langGraph = state.mode {
            switch state.connection {
            case .needsInput: hints.insert(("a", "answer"), at: 1)
            case .connecting, .streaming, .stalled, .reconnecting: hints.insert(("c", "cancel run"), at: 1)
            default: break
            }
        }
        // Opened from a list: the way back comes first.
        if state.leavesOnEscape { hints.insert(("Esc", "back"), at: 1) }
        var spans: [Span] = []
        for (key, action) in hints {
            spans.append(Span(" \(key) ", Style(.accent, bold: true)))
            spans.append(Span(action + " ", .dim))
        }
        grid.write(spans, x: rect.x, y: rect.y, limit: rect.width)
    }

    /// " answer: yes, go on_   Enter send · Esc cancel"; an answer too long for the row shows
    /// its end, where the typing is.
    private static func drawAnswer(_ answer: String, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
        let label = " answer: "
        let hint = "   Enter send · Esc cancel"
        let typed = answer + "_"
        let room = rect.width - TextWidth.of(label)
        var spans = [Span(label, Style(.accent, bold: true))]
        if TextWidth.of(typed) + TextWidth.of(hint) <= room {
            spans += [Span(typed), Span(hint, .dim)]
        } else if TextWidth.of(typed) <= room {
            spans.append(Span(typed))
        } else {
            spans.append(Span(glyphs.ellipsis + TextWidth.suffix(typed, to: room - TextWidth.of(glyphs.ellipsis))))
        }
        grid.write(spans, x: rect.x, y: rect.y, limit: rect.width)
    }
}
