#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Turns SIGINT, SIGTERM and SIGHUP into a request to stop: the dashboard's loop ends and the
/// terminal is restored instead of the process dying in raw mode on the alternate screen; the
/// plain face prints what it has (a summary, marked incomplete) instead of nothing.
///
/// The signals are ignored (so their default action cannot kill the process first) and
/// observed through dispatch sources; the handler only posts to the mailbox, which is
/// thread-safe. Installed before curses starts, so that ncurses does not install its own.
public final class TerminationSignals {
    public static let watched = [SIGINT, SIGTERM, SIGHUP]

    private var sources: [DispatchSourceSignal] = []
    private var previous: [(signal: Int32, action: sigaction)] = []

    public init(onSignal: @escaping @Sendable (Int32) -> Void) {
        for signal in Self.watched {
            var ignore = sigaction()
            ignore.__sigaction_handler.sa_handler = SIG_IGN
            var old = sigaction()
            sigaction(signal, &ignore, &old)
            previous.append((signal, old))
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { @Sendable in onSignal(signal) }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching and gives the signals back their previous dispositions.
    public func restore() {
        for source in sources { source.cancel() }
        sources = []
        for (signal, action) in previous {
            var action = action
            sigaction(signal, &action, nil)
        }
        previous = []
    }
}
