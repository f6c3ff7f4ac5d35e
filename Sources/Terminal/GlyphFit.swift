/// What to hand curses for one grid cell so that the screen keeps the grid's layout.
///
/// The grid measures text with its own width table; curses advances by `wcwidth`, which
/// depends on the locale and the C library. Where they disagree, drawing the text as is would
/// shift the rest of the row, so the cell gets a stand-in of the width the grid expects.
enum GlyphFit: Equatable {
    /// Draw the text; it takes the columns the grid gave it.
    case text(String)
    /// Draw the text in one column and blank the next (the grid counted two, curses counts one).
    case textThenBlank(String)
    /// Draw this ASCII instead, as wide as the grid's cell (or the room left on the screen).
    case standIn(String)

    /// - Parameters:
    ///   - columns: the columns the grid gave the text (1, or 2 for a wide character).
    ///   - cursesColumns: `wcwidth` of the text's first scalar (-1 when the locale cannot show it).
    ///   - room: columns left on the screen's row from this cell (the screen may be narrower
    ///     than the grid for a moment after a resize).
    static func fit(_ text: String, columns: Int, cursesColumns: Int, room: Int) -> GlyphFit {
        if columns > room { return .standIn(" ") }
        switch (columns, cursesColumns) {
        case (1, 1), (2, 2): return .text(text)
        case (2, 1): return .textThenBlank(text)
        default: return .standIn(columns == 2 ? "? " : "?")
        }
    }
}
