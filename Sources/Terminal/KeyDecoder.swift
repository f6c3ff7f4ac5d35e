import CNcursesw
import Dashboard

/// What `wget_wch` returned: a character, or a key code (arrows, F-keys, KEY_RESIZE…).
enum CursesInput: Equatable {
    case character(UInt32)
    case keyCode(Int32)
}

/// Turns curses input into the dashboard's keys. Under `raw()` control keys arrive as
/// characters (Ctrl-C is 3, not SIGINT); `keypad` turns escape sequences into key codes.
enum KeyDecoder {
    /// The key, or nil for input the dashboard has no key for (KEY_RESIZE, mouse, C1 codes…).
    static func decode(_ input: CursesInput) -> Key? {
        switch input {
        case .character(let code): character(code)
        case .keyCode(let code): keyCode(code)
        }
    }

    private static func character(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(0x60 + code))))
        case 0...31, 0x80...0x9F: return nil
        default: return Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }

    private static func keyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_SLEFT: .shiftLeft
        case KEY_SRIGHT: .shiftRight
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_F0 + 1...KEY_F0 + 63: .function(Int(code - KEY_F0))
        default: nil
        }
    }
}
