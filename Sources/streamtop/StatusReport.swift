import Analysis
import Feeds

/// Connection states as `streamtop: …` lines on standard error, for a live feed without the
/// dashboard: each state once (a countdown is shown at its start, not every second). A failure
/// is not printed here: it ends the feed, and the command exits with it.
struct StatusReport {
    let url: String
    private var last: ConnectionStatus?

    init(url: String) {
        self.url = url
    }

    mutating func show(_ status: ConnectionStatus) {
        defer { last = status }
        switch status {
        case .connecting: note("connecting to \(url)")
        case .streaming: note("streaming")
        case .stalled(let seconds): note("stalled: no data for \(seconds)s")
        case .reconnecting(let seconds, let attempt):
            if case .reconnecting(_, attempt) = last { return }
            note("reconnecting in \(seconds)s (attempt \(attempt))")
        case .completed: note("completed")
        case .ended(let reason): note(reason)
        case .notLive(let reason): note(reason)
        case .needsInput(let reason): note("interrupted: needs input — \(reason)")
        case .failed: break
        case .interrupted(let reason): note(reason)
        }
    }

    func note(_ text: String) {
        StandardError.write("streamtop: \(TextSanitizer.clean(text))\n")
    }
}
