/// A ``StageChart`` as inline SVG, for the HTML report: a row per stage run under its section's
/// title, its bar on a time axis counted from the first start, failed runs red and crossed.
extension StageChart {
    private static let labelWidth = 210.0
    private static let plotWidth = 560.0
    private static let rowHeight = 20.0
    private static let axisHeight = 24.0
    /// Characters of a name that fit in the label column.
    private static let labelCharacters = 30

    var svg: String {
        let rows = sections.reduce(0) { $0 + 1 + $1.bars.count }
        let width = Self.labelWidth + Self.plotWidth + 80
        let height = Self.axisHeight + Double(rows) * Self.rowHeight + 8
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" width=\"\(width)\" height=\"\(height)\" "
                + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"Stage runs over time\">",
        ]
        let (step, count) = tickStep
        for tick in (0...count).map({ Double($0) * step }) {
            let x = Self.number(self.x(start + tick))
            let label = step >= 1 ? DurationText.seconds(tick) : DurationText.milliseconds(tick * 1000)
            parts.append("<line class=\"tick\" x1=\"\(x)\" y1=\"\(Self.axisHeight - 4)\" x2=\"\(x)\" y2=\"\(Self.number(height - 8))\"/>")
            parts.append("<text class=\"axis\" x=\"\(x)\" y=\"\(Self.axisHeight - 8)\">\(label)</text>")
        }
        var y = Self.axisHeight
        for section in sections {
            parts.append("<text class=\"section\" x=\"4\" y=\"\(Self.number(y + 14))\">\(HTMLText.escaped(HTMLText.capped(section.title, Self.labelCharacters)))</text>")
            y += Self.rowHeight
            for bar in section.bars {
                parts.append(row(bar, at: y))
                y += Self.rowHeight
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func row(_ bar: Bar, at y: Double) -> String {
        let left = x(bar.start)
        let width = max(2, x(bar.end) - left)
        let name = HTMLText.escaped(HTMLText.capped(bar.name, Self.labelCharacters))
        let about = HTMLText.escaped("\(bar.name): \(bar.status.rawValue), \(DurationText.milliseconds((bar.end - bar.start) * 1000))")
        var row = "<text x=\"16\" y=\"\(Self.number(y + 14))\">\(name)</text>"
            + "<rect class=\"\(bar.status.rawValue)\" x=\"\(Self.number(left))\" y=\"\(Self.number(y + 4))\" "
            + "width=\"\(Self.number(width))\" height=\"\(Self.number(Self.rowHeight - 8))\"><title>\(about)</title></rect>"
        if bar.status == .failed {
            row += "<text class=\"failed-mark\" x=\"\(Self.number(left + width + 4))\" y=\"\(Self.number(y + 14))\">✕ failed</text>"
        }
        return row
    }

    /// Where a time lies across the plot.
    private func x(_ time: Double) -> Double {
        Self.labelWidth + (time - start) / max(span, 0.001) * Self.plotWidth
    }

    /// The axis's marks: a round step in seconds that fits the span in at most six, and how
    /// many steps fit.
    private var tickStep: (step: Double, count: Int) {
        let steps = [0.001, 0.01, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400]
        let step = steps.first { span / $0 <= 6 } ?? max(span / 6, 1)
        return (step, Int(span / step))
    }

    /// A coordinate with at most one decimal, as SVG reads it.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
