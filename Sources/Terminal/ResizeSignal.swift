#if canImport(Glibc)
import Glibc
#endif

/// Makes a terminal resize wake the loop at once.
///
/// ncurses learns of a resize from its own SIGWINCH handler, which only sets a flag that the
/// next `wget_wch` turns into KEY_RESIZE. But the loop sleeps in `poll`, and the signal may be
/// delivered to any thread, so that flag alone could wait for the next tick. This handler
/// writes to the wake pipe and then calls ncurses' handler, which keeps its own behaviour.
enum ResizeSignal {
    // A signal handler can reach only globals; these are set before the handler is installed.
    nonisolated(unsafe) private static var wakeEnd: Int32 = -1
    nonisolated(unsafe) private static var ncursesAction = sigaction()

    /// Call after curses started (ncurses installs its handler when the screen is created).
    static func forward(to pipe: WakePipe) {
        wakeEnd = pipe.writeEnd
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handle
        action.sa_flags = SA_SIGINFO | SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGWINCH, &action, &ncursesAction)
    }

    /// Puts ncurses' handler back.
    static func restore() {
        sigaction(SIGWINCH, &ncursesAction, nil)
        wakeEnd = -1
    }

    private static let handle: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { signal, info, context in
        var byte: UInt8 = 1
        _ = write(wakeEnd, &byte, 1)
        if ncursesAction.sa_flags & SA_SIGINFO != 0 {
            ncursesAction.__sigaction_handler.sa_sigaction?(signal, info, context)
        } else if let handler = ncursesAction.__sigaction_handler.sa_handler, !isIgnore(handler) {
            handler(signal)
        }
    }

    private static func isIgnore(_ handler: @convention(c) (Int32) -> Void) -> Bool {
        unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}
