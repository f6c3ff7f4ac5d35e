import Analysis

/// Draws the whole screen for a state: header, panels, footer, and over them an item's
/// details or the help, or a one-line message when the terminal is too small to draw them.
public enum DashboardView {
    public static func render(_ state: AppState, size: Size) -> Grid {
        let glyphs = Glyphs.forOptions(state.options)
        var grid = Grid(size: size, ellipsis: glyphs.ellipsis)
        // The layout the reducer keeps, unless the screen is not the size the state was told of.
        let layout = state.layout(at: size)
        guard !layout.isTooSmall else {
            drawTooSmall(size, grid: &grid)
            return grid
        }
        HeaderView.draw(state, in: layout.header, grid: &grid, glyphs: glyphs)
        for (panel, rect) in layout.panels {
            content(of: panel, state, in: rect, glyphs: glyphs).draw(state, in: rect, grid: &grid, glyphs: glyphs)
        }
        FooterView.draw(state, in: layout.footer, grid: &grid, glyphs: glyphs)
        if let details = state.details {
            DetailsOverlay.draw(details, state, in: layout.body, grid: &grid, glyphs: glyphs)
        }
        if state.showHelp { HelpOverlay.draw(state, in: Rect(size), grid: &grid, glyphs: glyphs) }
        return grid
    }

    /// What a panel shows for a state.
    private static func content(of panel: Panel, _ state: AppState, in rect: Rect, glyphs: Glyphs) -> any PanelContent {
        switch panel {
        case .stages: StagesPanel.panel(state, glyphs: glyphs)
        case .competitors: CompetitorsPanel.panel(state, glyphs: glyphs)
        case .sources: SourcesPanel.panel(state, glyphs: glyphs)
        case .insights: InsightsPanel.panel(state, glyphs: glyphs)
        case .model: ModelPanel.panel(state, height: rect.inset(by: 1).height, glyphs: glyphs)
        case .errors: ErrorsPanel.panel(state, glyphs: glyphs)
        case .log: EventLogPanel.panel(state, glyphs: glyphs)
        case .timeline: TimelinePanel.panel(state, glyphs: glyphs)
        case .graph: GraphPanel.panel(state, glyphs: glyphs)
        }
    }

    /// As btop does: say what is needed rather than draw a broken screen.
    private static func drawTooSmall(_ size: Size, grid: inout Grid) {
        let minimum = DashboardLayout.minimumSize
        let message = "Too small: \(size.width)×\(size.height), need \(minimum.width)×\(minimum.height)"
        let lines = TextWidth.wrap(message, to: size.width)
        for (index, line) in lines.enumerated() {
            let y = (size.height - lines.count) / 2 + index
            guard y >= 0, y < size.height else { continue }
            grid.write(line, x: max(0, (size.width - TextWidth.of(line)) / 2), y: y, style: .warning)
        }
    }
}
