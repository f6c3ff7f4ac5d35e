import CNcursesw
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Gives the terminal back when a fatal signal ends the process while the dashboard is up: a
/// crash (a fatalError, a bad access, an abort) or SIGSEGV, SIGABRT, SIGQUIT… sent with kill.
///
/// Swift's crash handler, which this one replaces meanwhile, cannot be left to it: it leaves the
/// alternate screen and raw mode as they are, waits 30 s for a key when on a terminal, takes
/// seconds to symbolicate, and when the signal was sent with kill (no fault to run into again)
/// it returns into the program, which goes on drawing. Its settings come from SWIFT_BACKTRACE,
/// read once as the runtime starts, so a running process cannot change them for itself.
///
/// The handler, in order:
/// 1. lets one thread through; any other that gets here (a second crash, or the UI thread sent
///    here by step 2) parks until the process ends;
/// 2. parks the UI thread, the only one that draws, by sending it one of these signals that it
///    does not block (a libdispatch thread, which the main actor may run on, blocks SIGABRT and
///    SIGQUIT): a frame drawn after the next step would take the alternate screen back;
/// 3. ends curses (main screen, cursor, tty modes) and gives standard error back, with what it
///    captured, such as the "Fatal error" line;
/// 4. writes the `CrashReport` there;
/// 5. lets the signal's default action end the process, so that a shell sees 128 + the signal.
///
/// A watchdog (SIGALRM, a second after the signal) does step 5 by itself if a step hangs, say on
/// a lock the crash left held.
enum CrashHook {
    static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGQUIT]

    /// How long the reporting thread waits for the UI thread to park before it goes on anyway.
    private static let parkingMilliseconds = 250

    // A signal handler can reach only globals. All are set before the handlers are installed,
    // and the storage for the replaced handlers is allocated once, so the handler allocates nothing.
    nonisolated(unsafe) private static let replaced = UnsafeMutablePointer<sigaction>.allocate(capacity: signals.count)
    nonisolated(unsafe) private static var stderrCapture: StderrCapture?
    nonisolated(unsafe) private static var uiThread = pthread_t()
    nonisolated(unsafe) private static var parkingSignal: Int32 = 0
    nonisolated(unsafe) private static var fatalSignal: Int32 = 0
    private static let reporting = Atomic<Bool>(false)
    private static let uiThreadParked = Atomic<Bool>(false)

    /// Call on the UI thread, once curses has started.
    static func install(stderrCapture: StderrCapture?) {
        self.stderrCapture = stderrCapture
        uiThread = pthread_self()
        // A thread's signal mask can be read only on it, so the UI thread's is read now.
        var blocked = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &blocked)
        parkingSignal = signals.first { sigismember(&blocked, $0) == 0 } ?? 0
        CrashReport.prepare()
        // Globals are initialised on first use, under a lock, which must not be the handler's.
        _ = reporting.load(ordering: .relaxed)
        _ = uiThreadParked.load(ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handle
        // SA_ONSTACK: a stack overflow must still be able to run the handler on the
        // alternate stack that Swift's runtime sets up.
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        // All of them blocked in the handler: a fault in it then kills the process at once (the
        // kernel's answer to a blocked fault) rather than entering the handler again.
        sigemptyset(&action.sa_mask)
        for signal in signals { sigaddset(&action.sa_mask, signal) }
        for (index, signal) in signals.enumerated() {
            sigaction(signal, &action, replaced + index)
        }
    }

    static func uninstall() {
        for (index, signal) in signals.enumerated() {
            sigaction(signal, replaced + index, nil)
        }
        stderrCapture = nil
    }

    private static let handle: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { signal, info, context in
        guard reporting.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { park() }
        fatalSignal = signal
        armWatchdog()
        parkUIThread()
        endwin()
        stderrCapture?.end()
        CrashReport.write(signal: signal, info: info, context: context)
        die(of: signal)
    }

    /// Where every thread but the reporting one waits for the process to end.
    private static func park() -> Never {
        if pthread_equal(pthread_self(), uiThread) != 0 { uiThreadParked.store(true, ordering: .releasing) }
        while true { pause() }
    }

    private static func parkUIThread() {
        guard pthread_equal(pthread_self(), uiThread) == 0, parkingSignal != 0, pthread_kill(uiThread, parkingSignal) == 0 else { return }
        var millisecond = timespec(tv_sec: 0, tv_nsec: 1_000_000)
        var waited = 0
        while !uiThreadParked.load(ordering: .acquiring), waited < parkingMilliseconds {
            nanosleep(&millisecond, nil)
            waited += 1
        }
    }

    private static func armWatchdog() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in CrashHook.die(of: CrashHook.fatalSignal) }
        sigemptyset(&action.sa_mask)
        sigaction(SIGALRM, &action, nil)
        alarm(1)
    }

    /// Ends the process by the signal's default action, so that it is seen to be killed by it.
    private static func die(of signal: Int32) -> Never {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, signal)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        raise(signal)
        // Unreachable while the default action of every signal handled here ends the process.
        _exit(128 + signal)
    }
}
