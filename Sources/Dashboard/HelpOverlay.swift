/// Every key and what it does, from the keymap itself, over the middle of the screen.
enum HelpOverlay {
    static func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
        draw(Keymap.bindings(for: state.mode).map { ($0.label, $0.help) }, in: rect, grid: &grid, glyphs: glyphs)
    }

    /// Draws the keys given as (label, help).
    static func draw(_ bindings: [(label: String, help: String)], in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
        let labelWidth = bindings.map { TextWidth.of($0.label) }.max() ?? 0
        let entryWidth = labelWidth + 4 + (bindings.map { TextWidth.of($0.help) }.max() ?? 0)
        // As many columns as it takes to show every key in the height there is.
        let rowsAvailable = max(1, rect.height - 4)
        let columns = min(max(1, (bindings.count + rowsAvailable - 1) / rowsAvailable), max(1, (rect.width - 2) / 30))
        let rows = (bindings.count + columns - 1) / columns
        let width = min(rect.width, columns * entryWidth + 2)
        let height = min(rect.height, rows + 4)
        guard width >= 20, height >= 4 else { return }
        let box = Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + (rect.height - height) / 2, width: width, height: height)
        grid.fill(box)
        let line = String(repeating: glyphs.horizontal, count: width - 2)
        grid.write(glyphs.topLeft + line + glyphs.topRight, x: box.x, y: box.y, style: .accent)
        grid.write(glyphs.bottomLeft + line + glyphs.bottomRight, x: box.x, y: box.maxY - 1, style: .accent)
        for y in box.y + 1..<box.maxY - 1 {
            grid.write(glyphs.vertical, x: box.x, y: y, style: .accent)
            grid.write(glyphs.vertical, x: box.maxX - 1, y: y, style: .accent)
        }
        grid.write(" Keys ", x: box.x + 2, y: box.y, style: .title)
        let columnWidth = (width - 2) / columns
        for (number, binding) in bindings.enumerated() {
            let (column, row) = (number / rows, number % rows)
            let y = box.y + 1 + row
            guard y < box.maxY - 2 else { continue }
            let label = binding.label + String(repeating: " ", count: labelWidth - TextWidth.of(binding.label))
            grid.write([Span(" " + label + "  ", Style(.accent, bold: true)), Span(binding.help)],
                       x: box.x + 1 + column * columnWidth, y: y, limit: columnWidth)
        }
        grid.write(" Esc or ? closes this help", x: box.x + 1, y: box.maxY - 2, limit: width - 2, style: .dim)
    }
}
