/// The characters the views draw with: Unicode box drawing and marks, or plain ASCII for
/// terminals and fonts without them (`--ascii`). No braille: screen readers read it aloud.
public struct Glyphs: Equatable, Sendable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var barFull, barEmpty: String
    /// `interrupted`: a LangGraph task stopped at an `interrupt()`, waiting for an answer.
    public var done, failed, pending, interrupted: String
    public var spinner: [String]
    public var ellipsis: String
    public var separator: String
    /// A bar's last cell when it ends part of the way through: 1/8 of a cell up to 7/8. ASCII
    /// has no partial blocks, so there an end of half a cell or more is a whole one, and less is
    /// nothing ("").
    public var barPartial: [String]
    /// A sparkline's levels, from none (a blank) to the window's most.
    public var sparkline: [String]
    /// The pipeline graph's edges: dotted lines for conditional edges, the tees and the cross
    /// where edges meet, the arrowhead at a node, the arrow of a loop's note, the active mark.
    public var dottedVertical, dottedHorizontal, teeDown, teeUp, teeRight, teeLeft, cross: String
    public var arrowDown, arrowRight, activeMark: String

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        barFull: "█", barEmpty: "░", done: "✓", failed: "✗", pending: "·", interrupted: "‖", spinner: ["◐", "◓", "◑", "◒"],
        ellipsis: "…", separator: "·",
        barPartial: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], sparkline: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        dottedVertical: "┆", dottedHorizontal: "┄", teeDown: "┬", teeUp: "┴", teeRight: "├", teeLeft: "┤", cross: "┼",
        arrowDown: "▼", arrowRight: "→", activeMark: "▶"
    )

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        barFull: "#", barEmpty: ".", done: "+", failed: "x", pending: ".", interrupted: "=", spinner: ["|", "/", "-", "\\"],
        ellipsis: "~", separator: "|",
        barPartial: ["", "", "", "#", "#", "#", "#"], sparkline: [" ", ".", ":", "-", "=", "+", "*", "#"],
        dottedVertical: ":", dottedHorizontal: ".", teeDown: "+", teeUp: "+", teeRight: "+", teeLeft: "+", cross: "+",
        arrowDown: "v", arrowRight: "->", activeMark: ">"
    )

    public static func forOptions(_ options: DisplayOptions) -> Glyphs {
        options.ascii ? .ascii : .unicode
    }
}
