import Analysis

/// The model's output messages on a LangGraph Server, newest first: each under its node and
/// a short message id, its text wrapped. A message taller than the panel shows its last lines,
/// so that the text being streamed stays in sight.
enum ModelPanel {
    /// - Parameter height: the rows inside the panel's frame.
    static func panel(_ state: AppState, height: Int, glyphs: Glyphs) -> some PanelContent {
        let messages = state.shown.messages
        let count = Format.count(messages.total, "message")
            + (messages.dropped > 0 ? " (\(Format.count(messages.dropped)) oldest let go)" : "")
        return ListPanel(panel: .model, count: count, items: PanelModel.messages(state)) { message, width in
            var heading = [Span(message.node ?? "model", .accent), Span(" \(glyphs.separator) \(ShortID.of(message.id))", .dim)]
            if message.isTruncated { heading.append(Span(" \(glyphs.separator) cut", .warning)) }
            // A panel of one row shows each message on its heading's row, its text's end in sight.
            guard height > 1 else {
                let room = width - heading.reduce(0) { $0 + TextWidth.of($1.text) } - 2
                guard room > 1, !message.text.isEmpty else { return [heading] }
                let text = TextWidth.of(message.text) <= room ? message.text
                    : glyphs.ellipsis + TextWidth.suffix(message.text, to: room - TextWidth.of(glyphs.ellipsis))
                return [heading + [Span("  " + text)]]
            }
            let lines = PanelModel.body(message.text, width: width)
            let room = height - 1
            guard lines.count > room else { return [heading] + lines.map { [Span("  " + $0)] } }
            // The heading says how much is above; the rows below it are the message's end.
            heading.append(Span(" \(glyphs.separator) last \(room) of \(lines.count) lines", .dim))
            return [heading] + lines.suffix(room).map { [Span("  " + $0)] }
        }
    }
}
