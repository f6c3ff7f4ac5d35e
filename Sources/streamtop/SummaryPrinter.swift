import Analysis
import Feeds
import OutputFormats

/// `--summary json`: nothing while the stream runs, then the final state as one document.
struct SummaryPrinter: EventPrinter {
    private(set) var state = AnalysisState()

    mutating func print(_ items: [FeedItem]) {
        for item in items { state.reduce(item.event) }
    }

    func finish(incomplete: Bool) {
        StandardOutput.shared.line(state.summaryDocument(incomplete: incomplete).serialized(pretty: true))
    }
}
