/// A panel's border with its title and count; the focused panel's border stands out.
enum PanelFrame {
    /// Draws the frame and returns the inside.
    static func draw(
        _ panel: Panel, count: String, focused: Bool, in rect: Rect, grid: inout Grid, glyphs: Glyphs
    ) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let border = focused ? Style(.accent, bold: true) : Style.dim
        let line = String(repeating: glyphs.horizontal, count: rect.width - 2)
        grid.write(glyphs.topLeft + line + glyphs.topRight, x: rect.x, y: rect.y, style: border)
        grid.write(glyphs.bottomLeft + line + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, style: border)
        for y in rect.y + 1..<rect.maxY - 1 {
            grid.write(glyphs.vertical, x: rect.x, y: y, style: border)
            grid.write(glyphs.vertical, x: rect.maxX - 1, y: y, style: border)
        }
        let title = " \(panel.title) "
        let end = grid.write(title, x: rect.x + 2, y: rect.y, limit: rect.width - 4, style: focused ? Style(.accent, bold: true) : .title)
        if !count.isEmpty, end + 2 < rect.maxX - 2 {
            grid.write(count + " ", x: end, y: rect.y, limit: rect.maxX - 2 - end, style: .dim)
        }
        return rect.inset(by: 1)
    }
}
