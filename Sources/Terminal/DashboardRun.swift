import Dashboard

/// How a dashboard session ended, and the app as it was then (for a summary, a report).
public struct DashboardRun: Sendable {
    public enum Ending: Equatable, Sendable {
        /// The app asked to quit (q, Ctrl-C).
        case quit
        /// A termination signal (SIGINT, SIGTERM, SIGHUP) arrived; exit with 128 + signal.
        case signal(Int32)
        /// The terminal went away (its input hung up).
        case terminalLost
    }

    public var app: DashboardApp
    public var ending: Ending
}
