import CNcursesw
import Dashboard

/// Reads everything the terminal has sent so far, without blocking (stdscr is in nodelay
/// mode), as actions: keys, and a resize with the new size when ncurses reports KEY_RESIZE.
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
            } else if let key = KeyDecoder.decode(input) {
                actions.append(.key(key))
            }
        }
    }
}
