import Feeds
import OutputFormats

/// What the off-terminal face prints a feed's events with.
protocol EventPrinter {
    mutating func print(_ items: [FeedItem])
    /// The stream is over: print what waits for the end.
    func finish()
}

/// One line per event: `--ui plain` (readable, sanitised) or `--ui json` (the normalised
/// envelope).
struct LinePrinter: EventPrinter {
    enum Format {
        case plain, json
    }

    let format: Format
    private let output = StandardOutput.shared

    init(_ format: Format) {
        self.format = format
    }

    func print(_ items: [FeedItem]) {
        for item in items {
            switch format {
            case .plain: output.line(item.event.logLine)
            case .json: output.line(item.event.envelope.serialized())
            }
        }
    }

    func finish() {}
}
