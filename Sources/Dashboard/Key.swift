/// A key the user pressed, as the terminal layer decoded it.
public enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    /// Ctrl with a letter: `.control("c")` is Ctrl-C.
    case control(Character)
    case up, down, left, right
    /// Shift with ← or →, which most terminals send as their own keys.
    case shiftLeft, shiftRight
    case pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete
    case function(Int)
}
