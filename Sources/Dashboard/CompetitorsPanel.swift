import Analysis

/// One row per competitor: a progress bar, its percentage, counts, and what it is doing now.
enum CompetitorsPanel {
    static func panel(_ state: AppState, glyphs: Glyphs) -> some PanelContent {
        let competitors = state.shown.competitors
        let finished = competitors.count { $0.progress >= 1 }
        let nameWidth = min(18, competitors.map { TextWidth.of($0.name) }.max() ?? 0)
        var count = "\(finished)/\(competitors.count) finished"
        let untracked = state.shown.untrackedCompetitors.count
        if untracked > 0 { count += " (\(Format.count(untracked)) more not shown)" }
        return ListPanel(panel: .competitors, count: count, items: PanelModel.competitors(state)) { competitor, width in
            let name = TextWidth.truncate(competitor.name, to: nameWidth, ellipsis: glyphs.ellipsis)
            let padded = name + String(repeating: " ", count: max(0, nameWidth - TextWidth.of(name)))
            let barWidth = max(4, min(20, width - nameWidth - 20))
            let style: Style = competitor.errors > 0 ? .warning : competitor.progress >= 1 ? .ok : .accent
            var first = [Span(padded + " ")] + ProgressBar.spans(competitor.progress, width: barWidth, glyphs: glyphs, style: style)
            first.append(Span(" \(competitor.sources) src \(competitor.insights) ins", .dim))
            if competitor.errors > 0 { first.append(Span(" \(competitor.errors) err", .error)) }
            guard !state.layout.isCompact, let doing = PanelModel.activity(of: competitor, separator: glyphs.separator) else { return [first] }
            return [first, [Span(String(repeating: " ", count: min(2, width)) + doing, .dim)]]
        }
    }
}
