import Feeds
import OutputFormats

/// What the off-terminal face prints a feed's events with.
protocol EventPrinter: Sendable {
    mutating func print(_ items: [FeedItem])
    /// The connection's state changed (a live feed only).
    mutating func show(_ status: ConnectionStatus)
    /// The stream is over (`incomplete`: stopped before its end): print what waits for the end.
    func finish(incomplete: Bool)
}

extension EventPrinter {
    /// Lines need no connection state: `StatusReport` shows it on standard error.
    mutating func show(_ status: ConnectionStatus) {}
}

/// One line per event: `--ui plain` (readable, sanitised) or `--ui json` (the normalised
/// envelope).
struct LinePrinter: EventPrinter {
    enum Format {
        case plain, json
    }

    let format: Format

    init(_ format: Format) {
        self.format = format
    }

    func print(_ items: [FeedItem]) {
        for item in items {
            switch format {
            case .plain: StandardOutput.shared.line(item.event.logLine)
            case .json: StandardOutput.shared.line(item.event.envelope.serialized())
            }
        }
    }

    func finish(incomplete: Bool) {}
}
