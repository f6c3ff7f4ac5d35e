import Analysis
import OutputFormats

/// The events as they arrived, newest first, one line each, unknown types included.
enum EventLogPanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        let log = state.shownLog
        let count = "\(Format.count(log.total)) events" + (log.dropped > 0 ? " (last \(Format.count(log.items.count)))" : "")
        return ListPanel(panel: .log, count: count, items: PanelModel.log(state)) { event, _ in
            let style: Style = switch event.kind {
            case .error: .error
            case .malformed: .warning
            case .unknown, .heartbeat: .dim
            default: .normal
            }
            return [[Span(event.logLine, style)]]
        }
    }
}
