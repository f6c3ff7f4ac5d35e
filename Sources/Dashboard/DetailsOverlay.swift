/// An item's details over the panels: a framed box filling most of the body, its rows
/// scrolled, with where the reading is and how to close it.
enum DetailsOverlay {
    /// The box the details take in a body: most of it, leaving the panels' edges in sight.
    static func box(in body: Rect) -> Rect {
        let width = body.width >= 100 ? body.width - body.width / 10 * 2 : body.width >= 40 ? body.width - 4 : body.width
        let height = body.height >= 12 ? body.height - 2 : body.height
        return Rect(x: body.x + (body.width - width) / 2, y: body.y + (body.height - height) / 2, width: width, height: height)
    }

    /// The rows of text inside the box.
    static func inside(_ box: Rect) -> Rect {
        Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
    }

    static func draw(_ details: Details, _ state: AppState, in body: Rect, grid: inout Grid, glyphs: Glyphs) {
        let box = box(in: body)
        guard box.width >= 8, box.height >= 3 else { return }
        grid.fill(box)
        let line = String(repeating: glyphs.horizontal, count: box.width - 2)
        let border = Style(.accent, bold: true)
        grid.write(glyphs.topLeft + line + glyphs.topRight, x: box.x, y: box.y, style: border)
        grid.write(glyphs.bottomLeft + line + glyphs.bottomRight, x: box.x, y: box.maxY - 1, style: border)
        for y in box.y + 1..<box.maxY - 1 {
            grid.write(glyphs.vertical, x: box.x, y: y, style: border)
            grid.write(glyphs.vertical, x: box.maxX - 1, y: y, style: border)
        }
        let inside = inside(box)
        let rows = DetailsContent.rows(details, in: state, width: inside.width, glyphs: glyphs)
        let scroll = min(details.scroll, max(0, rows.count - inside.height))
        grid.write(" \(DetailsContent.title(details)) ", x: box.x + 2, y: box.y, limit: box.width - 4, style: .title)
        let place = rows.count > inside.height ? "\(scroll + 1)–\(min(rows.count, scroll + inside.height)) of \(rows.count) " : ""
        let hint = " \(place)↑↓ scroll · y copy · Esc close "
        let hintWidth = TextWidth.of(hint)
        if hintWidth + 4 <= box.width {
            grid.write(hint, x: box.maxX - 2 - hintWidth, y: box.maxY - 1, style: .dim)
        }
        for (line, row) in rows.dropFirst(scroll).prefix(inside.height).enumerated() {
            grid.write(row, x: inside.x, y: inside.y + line, limit: inside.width)
        }
    }
}
