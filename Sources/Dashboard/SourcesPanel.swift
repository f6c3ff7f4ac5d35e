import Analysis

/// Sources found, newest first: title, domain and competitor; the total reported by the
/// searches beside the previews kept.
enum SourcesPanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        let sources = state.shown.sources
        let count = "\(Format.count(sources.total)) found \(glyphs.separator) \(Format.count(sources.uniqueURLs)) unique"
        return ListPanel(panel: .sources, count: count, items: PanelModel.sources(state)) { source, _ in
            var spans = [Span(source.title)]
            let domain = Format.domain(of: source.url)
            if !domain.isEmpty { spans.append(Span(" \(glyphs.separator) \(domain)", .accent)) }
            if let competitor = source.competitor { spans.append(Span(" \(glyphs.separator) \(competitor)", .dim)) }
            return [spans]
        }
    }
}
