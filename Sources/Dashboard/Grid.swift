/// A screen's worth of cells that views draw into. It is a plain value: views never touch
/// the terminal, tests read a grid as text, and the terminal layer puts it on screen.
public struct Grid: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        /// One grapheme; empty in the second cell of a wide character.
        public var text: String
        public var style: Style

        public static let blank = Cell(text: " ", style: .normal)

        public var isContinuation: Bool { text.isEmpty }
    }

    public let size: Size
    public private(set) var cells: [Cell]
    /// What ends text cut short.
    public var ellipsis: String

    public init(size: Size, ellipsis: String = "…") {
        self.size = size
        self.ellipsis = ellipsis
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    public subscript(x x: Int, y y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Writes `text` from column `x` of row `y`, never past `limit` columns (nor the grid's
    /// edge). Text that does not fit is cut at a grapheme and ends in "…". Returns the column
    /// after the last one written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, limit: Int = .max, style: Style = .normal) -> Int {
        guard y >= 0, y < size.height, x >= 0, x < size.width else { return x }
        let room = min(limit, size.width - x)
        var column = x
        let fitted = TextWidth.truncate(text, to: room, ellipsis: ellipsis)
        if TextWidth.isPrintableASCII(fitted) {
            for byte in fitted.utf8 {
                place(String(UnicodeScalar(byte)), width: 1, x: column, y: y, style: style)
                column += 1
            }
            return column
        }
        for character in fitted {
            let width = TextWidth.of(character)
            if width == 0 { continue }
            place(String(character), width: width, x: column, y: y, style: style)
            column += width
        }
        return column
    }

    /// Fills a rectangle with blanks (or a character) in one style.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .normal) {
        let clipped = clip(rect)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { cells[y * size.width + x] = Cell(text: String(character), style: style) }
        }
    }

    /// Restyles a rectangle, keeping its text (a selection bar, a highlight).
    public mutating func paint(_ rect: Rect, style: Style) {
        let clipped = clip(rect)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { cells[y * size.width + x].style = style }
        }
    }

    /// The grid as lines of text, trailing blanks kept: what tests compare.
    public var lines: [String] {
        (0..<size.height).map { y in
            (0..<size.width).reduce(into: "") { line, x in line += self[x: x, y: y].text }
        }
    }

    private mutating func place(_ text: String, width: Int, x: Int, y: Int, style: Style) {
        // Overwriting half of a wide character leaves the other half as a blank.
        let index = y * size.width + x
        if cells[index].isContinuation, x > 0 { cells[index - 1] = .blank }
        if x + 1 < size.width, cells[index + 1].isContinuation, width == 1 { cells[index + 1] = .blank }
        cells[index] = Cell(text: text, style: style)
        if width == 2 {
            if x + 2 < size.width, cells[index + 2].isContinuation { cells[index + 2] = .blank }
            cells[index + 1] = Cell(text: "", style: style)
        }
    }

    private func clip(_ rect: Rect) -> Rect {
        let x = max(0, rect.x)
        let y = max(0, rect.y)
        return Rect(x: x, y: y, width: min(rect.maxX, size.width) - x, height: min(rect.maxY, size.height) - y)
    }
}
