/// A bar of `width` cells and a percentage, e.g. `██████░░░░  60%`.
enum ProgressBar {
    static func spans(_ fraction: Double, width: Int, glyphs: Glyphs, style: Style) -> [Span] {
        let clamped = min(1, max(0, fraction.isFinite ? fraction : 0))
        let filled = Int((clamped * Double(width)).rounded(.down))
        return [
            Span(String(repeating: glyphs.barFull, count: filled), style),
            Span(String(repeating: glyphs.barEmpty, count: width - filled), .dim),
            Span(" " + Format.percent(clamped), Style(style.role, bold: true)),
        ]
    }
}
