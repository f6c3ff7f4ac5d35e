import CNcursesw
import Dashboard

/// Reads everything the terminal has sent so far, without blocking (stdscr is in nodelay
/// mode), as actions: keys, the mouse (while it is captured), and a resize with the new size
/// when ncurses reports KEY_RESIZE.
/// Reading until ERR also empties curses' own input buffer, which `poll` cannot see.
enum KeyboardInput {
    static func pendingActions(from session: TerminalSession) -> [Action] {
        var actions: [Action] = []
        var value: wint_t = 0
        while true {
            let input: CursesInput
            switch wget_wch(session.window, &value) {
            case OK: input = .character(UInt32(value))
            case KEY_CODE_YES: input = .keyCode(Int32(value))
            default: return actions
            }
            if input == .keyCode(KEY_RESIZE) {
                actions.append(.resized(session.size))
            } else if input == .keyCode(KEY_MOUSE) {
                if !session.capturesMouse {
                    dropStrayReport(from: session)
                } else if let mouse = mouseEvent() {
                    actions.append(.mouse(mouse))
                }
            } else if let key = KeyDecoder.decode(input) {
                actions.append(.key(key))
            }
        }
    }

    /// A mouse report that arrives while the mouse is not captured (something else left the
    /// terminal reporting): curses knows its `ESC [ M` start but leaves the button and the
    /// cell's three bytes, which would otherwise read as keys (`q` among them).
    private static func dropStrayReport(from session: TerminalSession) {
        var value: wint_t = 0
        for _ in 0..<3 where wget_wch(session.window, &value) != ERR {}
    }

    /// The mouse report curses holds, if it is one the dashboard uses.
    private static func mouseEvent() -> MouseEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let kind: MouseEvent.Kind
        if cncursesw_is_wheel_up(event.bstate) != 0 {
            kind = .wheelUp
        } else if cncursesw_is_wheel_down(event.bstate) != 0 {
            kind = .wheelDown
        } else if cncursesw_is_press(event.bstate) != 0 {
            kind = .press
        } else {
            return nil
        }
        return MouseEvent(kind, x: Int(event.x), y: Int(event.y), at: LoopClock.monotonic)
    }
}
