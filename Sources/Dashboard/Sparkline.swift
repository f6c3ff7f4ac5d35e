/// Counts over time as a row of bars, one cell each, scaled to the most of them: "▁▃█▅ ▂"
/// (ASCII ".:#=  :"). A cell with any count shows at least the lowest bar; none is a blank.
enum Sparkline {
    /// The header's sparkline is shown from this many cells; below, it gives its room away.
    static let narrowest = 10
    /// Columns of the header kept for everything else beside the sparkline.
    static let headerRest = 80

    /// How many cells the header gives the sparkline at a width: none at 80 columns, a second
    /// per cell up to the whole window from 140.
    static func width(forHeader width: Int) -> Int {
        let room = min(EventRate.window, width - headerRest)
        return room >= narrowest ? room : 0
    }

    /// The newest `width` of `values` as cells, scaled to the most of all `values` (so that
    /// the cells shown read the same whatever the width); blanks first when there are fewer.
    static func text<Values: Collection<Double>>(_ values: Values, width: Int, glyphs: Glyphs) -> String {
        let levels = glyphs.sparkline
        guard width > 0, let top = levels.indices.last, top > 0 else { return "" }
        let most = values.max() ?? 0
        let shown = values.suffix(width)
        var text = String(repeating: levels[0], count: max(0, width - shown.count))
        for value in shown {
            guard value > 0, most > 0, value.isFinite, most.isFinite else {
                text += levels[0]
                continue
            }
            text += levels[max(1, min(top, Int((value / most * Double(top)).rounded(.up))))]
        }
        return text
    }
}
