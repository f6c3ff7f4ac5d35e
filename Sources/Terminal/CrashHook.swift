import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// Restores the terminal when the process crashes (a fatalError, a bad access, an abort).
///
/// Without it the shell is left on the alternate screen, with the cursor hidden and the tty in
/// raw mode. The handler ends curses, gives standard error back (with what was captured, such
/// as the "Fatal error" line), reinstates the handler it replaced — Swift's backtracer — and
/// re-raises the signal, so the crash is reported as if the hook had never been there.
enum CrashHook {
    static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    // A signal handler can reach only globals. Both are set before the handlers are installed,
    // and the storage for the replaced handlers is allocated once, so the handler allocates nothing.
    nonisolated(unsafe) private static let replaced = UnsafeMutablePointer<sigaction>.allocate(capacity: signals.count)
    nonisolated(unsafe) private static var stderrCapture: StderrCapture?

    static func install(stderrCapture: StderrCapture?) {
        self.stderrCapture = stderrCapture
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handle
        // SA_ONSTACK: a stack overflow must still be able to run the handler on the
        // alternate stack that Swift's runtime sets up.
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        sigemptyset(&action.sa_mask)
        for (index, signal) in signals.enumerated() {
            sigaction(signal, &action, replaced + index)
        }
    }

    static func uninstall() {
        reinstateReplaced()
        stderrCapture = nil
    }

    private static func reinstateReplaced() {
        for (index, signal) in signals.enumerated() {
            sigaction(signal, replaced + index, nil)
        }
    }

    private static let handle: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { signal, _, _ in
        endwin()
        stderrCapture?.end()
        reinstateReplaced()
        raise(signal)
    }
}
