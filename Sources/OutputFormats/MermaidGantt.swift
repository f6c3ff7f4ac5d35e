import Analysis

/// A ``StageChart`` as a Mermaid `gantt`, for the Markdown report: GitHub and GitLab draw it.
///
/// Times are written as milliseconds since 1970 (`dateFormat x`) and every task gives its own
/// start and end, because Mermaid's durations have no unit below a second; a bar is at least a
/// millisecond long, so that a stage that took no time still shows.
extension StageChart {
    public var mermaidGantt: String {
        var lines = ["gantt", "    title Stage runs", "    dateFormat x", "    axisFormat \(axisFormat)", "    todayMarker off"]
        var number = 0
        for section in sections {
            lines.append("    section \(MermaidLabel.text(section.title))")
            for bar in section.bars {
                number += 1
                let start = Self.milliseconds(bar.start)
                let end = max(Self.milliseconds(bar.end), start + 1)
                let tags = Self.tag(bar.status).map { "\($0), " } ?? ""
                lines.append("    \(Self.taskName(bar.name)) :\(tags)t\(number), \(start), \(end)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Minutes and seconds for a run under an hour (most are), the clock beyond.
    private var axisFormat: String {
        span < 3600 ? "%M:%S" : span < 86_400 ? "%H:%M" : "%d %H:%M"
    }

    private static func milliseconds(_ seconds: Double) -> Int64 {
        Int64((seconds * 1000).rounded())
    }

    private static func tag(_ status: StageRun.Status) -> String? {
        switch status {
        case .done: "done"
        case .active: "active"
        case .failed: "crit"
        case .pending, .interrupted: nil
        }
    }

    /// Words Mermaid's Gantt lexer takes for a statement wherever a line begins with them,
    /// task names included (its keywords are case-insensitive).
    static let keywords = [
        "gantt", "dateformat", "inclusiveenddates", "topaxis", "axisformat", "tickinterval", "includes", "excludes",
        "todaymarker", "weekday", "title", "accdescription", "accdescr", "acctitle", "section", "click", "call", "href",
    ]

    /// A task's name: the label, kept from reading as a keyword or a date (which the lexer
    /// would take for a statement of its own) by a leading `_`.
    static func taskName(_ name: String) -> String {
        let label = MermaidLabel.text(name)
        let lowered = label.lowercased()
        let startsLikeDate = lowered.prefix(4).allSatisfy(\.isASCIIDigitCharacter) && lowered.dropFirst(4).first == "-"
        return keywords.contains(where: lowered.hasPrefix) || startsLikeDate ? "_" + label : label
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
