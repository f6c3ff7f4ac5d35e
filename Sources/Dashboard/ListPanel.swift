/// A panel's content, whatever its items are.
protocol PanelContent {
    func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs)
}

/// Draws a panel whose content is a list, newest first: each item one or more rows, scrolled
/// by whole items, with the filter and the "new" count in the frame.
struct ListPanel<Item>: PanelContent {
    var panel: Panel
    /// The panel's own count, before the filter and scroll notes.
    var count: String
    /// The items shown (already filtered), newest first.
    var items: ListItems<Item>
    /// An item's rows at a given width.
    var rows: (Item, Int) -> [[Span]]

    func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
        let view = state.view(of: panel)
        let inside = PanelFrame.draw(
            panel, count: Self.notes(of: panel, count: count, shown: items.count, state, glyphs: glyphs), focused: state.focus == panel,
            in: rect, grid: &grid, glyphs: glyphs
        )
        guard !inside.isEmpty else { return }
        guard items.count > 0 else {
            let empty = view.filter.isEmpty ? Self.emptyText(panel) : "nothing matches /\(view.filter)"
            grid.write(empty, x: inside.x, y: inside.y, limit: inside.width, style: .dim)
            return
        }
        var y = inside.y
        // The focused panel shows its selection; the others only their place in the list.
        let selected = state.focus == panel ? min(view.selected, items.count - 1) : nil
        for index in min(view.offset, items.count - 1)..<items.count {
            for row in rows(items[index], inside.width) {
                guard y < inside.maxY else { return }
                grid.write(row, x: inside.x, y: y, limit: inside.width)
                if index == selected { grid.paint(Rect(x: inside.x, y: y, width: inside.width, height: 1), style: .selection) }
                y += 1
            }
        }
    }

    /// What a list's frame says beside its title: its count, the filter being typed or kept and
    /// what it lets through, and how many items are new.
    static func notes(of panel: Panel, count: String, shown: Int, _ state: AppState, glyphs: Glyphs) -> String {
        let view = state.view(of: panel)
        let typing = state.input == .filter && state.focus == panel
        var notes = [count]
        if !view.filter.isEmpty || typing {
            notes.append("/\(view.filter)\(typing ? "_" : "") \(shown) shown")
        }
        if view.unseen > 0 { notes.append("\(view.unseen) new") }
        return notes.joined(separator: " \(glyphs.separator) ")
    }

    private static func emptyText(_ panel: Panel) -> String {
        switch panel {
        case .sources: "no sources yet"
        case .insights: "no insights yet"
        case .model: "no model output yet"
        case .errors: "no errors or bad input"
        case .log: "no events yet"
        case .stages: "no stages yet"
        case .competitors: "no competitors yet"
        case .timeline: "no stages yet"
        case .graph: "no pipeline yet"
        }
    }
}
