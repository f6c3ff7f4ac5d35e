import Analysis

/// Connection states as `streamtop: …` lines on standard error, for `connect` without the
/// dashboard: each state once (a countdown is shown at its start, not every second), and the
/// failure, if the session ended in one, for the exit status.
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
        case .failed: break
        case .interrupted(let reason): note(reason)
        }
    }

    /// Why the session failed, if its last state was a failure.
    var failure: String? {
        switch last {
        case .failed(let reason): reason
        case .interrupted(let reason): reason + " — run again to start a new analysis, or pass --restart to do so automatically"
        default: nil
        }
    }

    func note(_ text: String) {
        StandardError.write("streamtop: \(TextSanitizer.clean(text))\n")
    }
}
