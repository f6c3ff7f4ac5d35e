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

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        barFull: "█", barEmpty: "░", done: "✓", failed: "✗", pending: "·", interrupted: "‖", spinner: ["◐", "◓", "◑", "◒"],
        ellipsis: "…", separator: "·"
    )

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        barFull: "#", barEmpty: ".", done: "+", failed: "x", pending: ".", interrupted: "=", spinner: ["|", "/", "-", "\\"],
        ellipsis: "~", separator: "|"
    )

    public static func forOptions(_ options: DisplayOptions) -> Glyphs {
        options.ascii ? .ascii : .unicode
    }
}
