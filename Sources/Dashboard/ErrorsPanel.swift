import Analysis

/// Errors the stream reported and input that could not be used, most recent first.
enum ErrorsPanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        let analysis = state.shown
        let count = Format.count(analysis.errors.total, "error") + " \(glyphs.separator) " + Format.count(analysis.diagnostics.total, "bad input", plural: "bad inputs")
        return ListPanel(panel: .errors, count: count, items: PanelModel.errors(state)) { entry, width in
            switch entry {
            case .error(let error):
                let place = [error.competitor, error.stage].compactMap { $0 }.joined(separator: " \(glyphs.separator) ")
                let heading = [Span(glyphs.failed + " ", .error), Span(place.isEmpty ? "stream" : place, .warning)]
                    + (error.errorType.map { [Span(" \($0)", .dim)] } ?? [])
                return [heading] + PanelModel.body(error.message, width: width).map { [Span("  " + $0)] }
            case .diagnostic(let diagnostic):
                let place = diagnostic.line.map { "line \($0): " } ?? ""
                return [[Span("? ", .warning), Span(place, .dim), Span(diagnostic.message, .dim)]]
            }
        }
    }
}
