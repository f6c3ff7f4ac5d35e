/// A run of text in one style; a row is a few spans side by side.
struct Span: Equatable {
    var text: String
    var style: Style

    init(_ text: String, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }
}

extension Grid {
    /// Writes spans left to right from `x`, none past `limit` columns in all.
    mutating func write(_ spans: [Span], x: Int, y: Int, limit: Int) {
        var column = x
        for span in spans where column < x + limit {
            column = write(span.text, x: column, y: y, limit: x + limit - column, style: span.style)
        }
    }
}
