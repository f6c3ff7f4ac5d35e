import Analysis
import Feeds
import JSON
import OutputFormats

/// `--summary json`: nothing while the stream runs, then the final state as one document.
struct SummaryPrinter: EventPrinter {
    private(set) var state = AnalysisState()
    /// The feed's last word was that it shows a batch result instead of the stream.
    private var isNotLive = false

    mutating func print(_ items: [FeedItem]) {
        // Read in place: a copy of each event would retain and release every string in it.
        items.withUnsafeBufferPointer { items in
            for index in items.indices { state.reduce(items[index].event) }
        }
    }

    mutating func show(_ status: ConnectionStatus) {
        isNotLive = if case .notLive = status { true } else { false }
    }

    func finish(incomplete: Bool) {
        StandardOutput.shared.line(document(incomplete: incomplete).serialized(pretty: true))
    }

    func document(incomplete: Bool) -> JSONValue {
        state.summaryDocument(incomplete: incomplete, notLive: isNotLive)
    }
}
