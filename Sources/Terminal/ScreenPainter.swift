import CNcursesw
import Dashboard

/// Puts grids on the screen: only the rows that changed since the last grid go into stdscr,
/// through the wide-character calls, and each frame ends in one `doupdate`, which sends the
/// terminal the difference from what it shows. Nothing is cleared per frame (that is what
/// flickers); the screen is erased only when its size changed.
struct ScreenPainter {
    let window: UnsafeMutablePointer<WINDOW>
    let palette: StylePalette
    private var shown: (grid: Grid, screen: Size)?

    init(window: UnsafeMutablePointer<WINDOW>, palette: StylePalette) {
        self.window = window
        self.palette = palette
    }

    /// Draws `grid` on a screen of `screen` cells, clipping whatever does not fit (the grid
    /// may have been rendered for the size before a resize).
    mutating func paint(_ grid: Grid, screen: Size) {
        let sameShape = shown.map { $0.grid.size == grid.size && $0.screen == screen } ?? false
        if !sameShape {
            werase(window)
            // The terminal may have reflowed or kept stale text while resizing; repaint it all.
            clearok(window, true)
        }
        let width = min(grid.size.width, screen.width)
        for y in 0..<min(grid.size.height, screen.height) {
            let row = y * grid.size.width..<(y + 1) * grid.size.width
            if sameShape, let shown, shown.grid.cells[row] == grid.cells[row] { continue }
            paintRow(y, of: grid, width: width)
        }
        wnoutrefresh(window)
        doupdate()
        shown = (grid, screen)
    }

    private func paintRow(_ y: Int, of grid: Grid, width: Int) {
        for x in 0..<width {
            let cell = grid[x: x, y: y]
            if cell.isContinuation { continue }
            let columns = x + 1 < grid.size.width && grid[x: x + 1, y: y].isContinuation ? 2 : 1
            let look = palette.look(for: cell.style)
            let cursesColumns = cell.text.unicodeScalars.first.map { Int(wcwidth(wchar_t(bitPattern: $0.value))) } ?? -1
            switch GlyphFit.fit(cell.text, columns: columns, cursesColumns: cursesColumns, room: width - x) {
            case .text(let text):
                put(text, x: x, y: y, look: look)
            case .textThenBlank(let text):
                put(text, x: x, y: y, look: look)
                put(" ", x: x + 1, y: y, look: look)
            case .standIn(let text):
                for (offset, character) in text.enumerated() {
                    put(String(character), x: x + offset, y: y, look: look)
                }
            }
        }
    }

    /// One grapheme into one cell: setcchar keeps the first scalar and the combining marks
    /// after it (up to CCHARW_MAX), which is what a terminal cell can hold.
    private func put(_ text: String, x: Int, y: Int, look: CellLook) {
        var characters = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        characters.append(0)
        var cell = cchar_t()
        guard setcchar(&cell, characters, look.attributes, look.pair, nil) == OK else { return }
        // At the bottom-right cell curses reports ERR (the cursor cannot advance) but draws it.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cell)
    }
}
