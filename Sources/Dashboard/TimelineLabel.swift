import Analysis

/// How the timeline names its rows — "research_competitor · Medtronic", or a LangGraph task's
/// node and short id, "agent 1c876a2b" — and how wide their column is. Apart from the panel,
/// because the scale needs the column's width to know where the bars begin.
enum TimelineLabel {
    /// The names take at most this share of the panel, in tenths: the bars are the point.
    static let widestTenths = 3

    /// The whole name.
    static func text(_ stage: StageRun, separator: String) -> String {
        stage.name + suffix(stage, separator: separator)
    }

    /// The name cut to `width`: the stage's name gives way first, since rows of one stage
    /// differ only in their competitor (or task).
    static func text(_ stage: StageRun, separator: String, width: Int, ellipsis: String) -> String {
        let whole = text(stage, separator: separator)
        guard TextWidth.of(whole) > width else { return whole }
        let suffix = suffix(stage, separator: separator)
        let room = width - TextWidth.of(suffix)
        guard !suffix.isEmpty else { return TextWidth.truncate(whole, to: width, ellipsis: ellipsis) }
        guard room >= shortestName else {
            // No room for the stage's name at all: what tells the row apart stays.
            let apart = [stage.competitor, stage.taskID.map(ShortID.of)].compactMap { $0 }.joined(separator: " ")
            return TextWidth.truncate(apart, to: width, ellipsis: ellipsis)
        }
        return TextWidth.truncate(stage.name, to: room, ellipsis: ellipsis) + suffix
    }

    /// Cut shorter than this, a stage's name says nothing: the whole label is cut instead.
    private static let shortestName = 4

    /// " · Medtronic", " 1c876a2b": what tells rows of one stage apart.
    private static func suffix(_ stage: StageRun, separator: String) -> String {
        var text = ""
        if let competitor = stage.competitor { text += " \(separator) \(competitor)" }
        if let task = stage.taskID { text += " " + ShortID.of(task) }
        return text
    }

    /// The column fits the longest name of all the rows, not only those on screen, so that it
    /// holds still while the panel scrolls; names longer than the share are cut.
    static func columnWidth(_ rows: ListItems<StageRun>, separator: String, insideWidth: Int) -> Int {
        let widest = max(0, insideWidth) * widestTenths / 10
        var width = 0
        for index in 0..<rows.count where width < widest {
            width = max(width, TextWidth.of(text(rows[index], separator: separator)))
        }
        return min(width, widest)
    }
}
