/// What the mouse does where it lands, as keys would: a click focuses a panel and selects the
/// item under it, a second click on the same item soon after opens its details, a click on a
/// replay's timeline bars seeks there, the wheel scrolls what is under it, and a click outside
/// open details closes them.
enum MouseReducer {
    /// Two presses on one item within this many seconds are a double click.
    static let doubleClickInterval = 0.4
    /// Items (or rows of details) a notch of the wheel moves.
    static let wheelStep = 3

    /// Where the last click selected, to tell a double click.
    struct Click: Equatable, Sendable {
        var panel: Panel
        var index: Int
        var at: Double
    }

    static func reduce(_ event: MouseEvent, in state: inout AppState) -> [Effect] {
        guard state.capturesMouse, !state.layout.isTooSmall else { return [] }
        if state.showHelp {
            state.showHelp = false
            return []
        }
        if state.details != nil {
            switch event.kind {
            case .wheelUp: AppReducer.scrollDetails(by: -wheelStep, in: &state)
            case .wheelDown: AppReducer.scrollDetails(by: wheelStep, in: &state)
            case .press:
                if !DetailsOverlay.box(in: state.layout.body).contains(event.x, event.y) { state.details = nil }
            }
            return []
        }
        guard let panel = state.layout.panel(at: event.x, event.y) else { return [] }
        state.focus = panel
        switch event.kind {
        case .wheelUp: AppReducer.scroll(by: -wheelStep, in: &state)
        case .wheelDown: AppReducer.scroll(by: wheelStep, in: &state)
        case .press: return click(event, on: panel, in: &state)
        }
        return []
    }

    private static func click(_ event: MouseEvent, on panel: Panel, in state: inout AppState) -> [Effect] {
        // On a replay's timeline, a click on the bars seeks to that moment of the run.
        if panel == .timeline, case .replay = state.mode, let rect = state.layout.rect(of: .timeline),
           let time = TimelineScale(state, panel: rect)?.time(atColumn: event.x) {
            state.lastClick = nil
            return [.feed(.playback(.jumpToTime(time)))]
        }
        guard let index = item(at: event, in: panel, state) else {
            state.lastClick = nil
            return []
        }
        let isDouble = state.lastClick.map { $0.panel == panel && $0.index == index && event.at - $0.at <= doubleClickInterval } ?? false
        AppReducer.select(index, in: panel, state: &state)
        state.lastClick = isDouble ? nil : Click(panel: panel, index: index, at: event.at)
        if isDouble { AppReducer.openDetails(in: &state) }
        return []
    }

    /// The item drawn under a cell of a panel: counted down from the panel's first drawn item
    /// by the rows each takes (the stages' strip of a compact layout: a glyph a stage).
    private static func item(at event: MouseEvent, in panel: Panel, _ state: AppState) -> Int? {
        guard let inside = state.layout.rect(of: panel)?.inset(by: 1), inside.contains(event.x, event.y) else { return nil }
        let count = PanelModel.itemCount(of: panel, in: state)
        if panel == .stages, state.layout.isCompact {
            let index = event.x - inside.x
            return index < count ? index : nil
        }
        var row = inside.y
        var index = state.view(of: panel).offset
        while index < count, row < inside.maxY {
            row += PanelModel.rows(of: panel, at: index, width: inside.width, height: inside.height, in: state)
            if event.y < row { return index }
            index += 1
        }
        return nil
    }
}
