import CNcursesw
import Dashboard
#if canImport(Glibc)
import Glibc
#endif

/// The terminal while the dashboard owns it, from `init` to `close()`.
///
/// Curses starts in the order TUI-NOTES §4 verified: the locale's character set first (or
/// wide characters come out wrong), raw mode so Ctrl-C and Ctrl-Z arrive as keys, the cursor hidden, colours on
/// the terminal's own background, a short Esc delay. `close()` — and the crash hook, if the
/// process dies first — gives the shell back its cursor, echo, line mode and main screen.
///
/// Not thread-safe, by design: curses belongs to the thread that opened the session.
final class TerminalSession {
    let window: UnsafeMutablePointer<WINDOW>
    let palette: StylePalette
    private let screen: OpaquePointer
    private let stderrCapture: StderrCapture?

    /// Throws when standard input or output is not a terminal, or curses does not know TERM;
    /// in both cases nothing was written to the terminal.
    init(noColor: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        // The character set only: ncurses needs the user's (UTF-8) one for wide characters,
        // while LC_ALL would also switch LC_NUMERIC for the whole process, and with it the
        // decimal point that strtod expects in the feeds' JSON.
        setlocale(LC_CTYPE, "")
        // newterm rather than initscr: initscr exits the process on an unknown terminal.
        guard let screen = newterm(nil, cncursesw_stdout(), cncursesw_stdin()), let window = cncursesw_stdscr() else {
            throw TerminalError.unknownTerminal(getenv("TERM").map { String(cString: $0) })
        }
        self.screen = screen
        self.window = window
        stderrCapture = StderrCapture.begin()
        CrashHook.install(stderrCapture: stderrCapture)
        raw()
        noecho()
        keypad(window, true)
        // The loop sleeps in poll(); reading keys must never block.
        nodelay(window, true)
        curs_set(0)
        palette = StylePalette(mode: Self.startColors(noColor: noColor))
        set_escdelay(25)
    }

    /// Whether the terminal reports the mouse: off until the app asks (capturing it takes the
    /// terminal's own text selection away).
    private(set) var capturesMouse = false

    /// Turns mouse reports on or off: presses of the left button and the wheel, each reported
    /// as it happens (no click timing, so a press is never held back).
    func captureMouse(_ on: Bool) {
        guard on != capturesMouse else { return }
        capturesMouse = on
        mousemask(on ? cncursesw_mouse_mask() : 0, nil)
        mouseinterval(0)
    }

    /// The screen's size now (curses updates it on KEY_RESIZE).
    var size: Size {
        Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }

    /// Restores the terminal: endwin leaves the alternate screen and puts back the cursor and
    /// the tty modes saved when curses started. Then standard error comes back, with whatever
    /// was written to it meanwhile.
    func close() {
        captureMouse(false)
        endwin()
        CrashHook.uninstall()
        stderrCapture?.end()
        delscreen(screen)
    }

    private static func startColors(noColor: Bool) -> ColorMode {
        let environment = getenv("NO_COLOR").map { String(cString: $0) }
        guard ColorMode.resolve(noColorOption: noColor, noColorEnvironment: environment, terminalHasColors: has_colors()) == .color,
              start_color() == OK,
              use_default_colors() == OK
        else { return .monochrome }
        for (pair, foreground) in StylePalette.colorPairs {
            init_pair(pair, foreground, -1)
        }
        return .color
    }
}
