import Analysis

/// Insights, newest first, wrapped, each under its competitor, category and confidence.
enum InsightsPanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        let insights = state.shown.insights
        let count = Format.count(insights.total) + (insights.dropped > 0 ? " (\(Format.count(insights.dropped)) oldest let go)" : "")
        return ListPanel(panel: .insights, count: count, items: PanelModel.insights(state)) { insight, width in
            var heading = [Span(insight.competitor ?? "—", .accent)]
            if let category = insight.category { heading.append(Span(" \(glyphs.separator) \(category)", .dim)) }
            if let confidence = insight.confidence {
                heading.append(Span(" \(glyphs.separator) \(Format.percent(confidence, padded: false)) confidence", .dim))
            }
            if let title = insight.title { heading.append(Span(" \(glyphs.separator) \(title)", .title)) }
            let body = PanelModel.body(insight.text, width: width).map { [Span("  " + $0)] }
            return [heading] + body
        }
    }
}
