import Analysis
import Feeds
import Foundation
import OutputFormats

/// `--report FILE` at work: the report of a run's final state, written when the run is over,
/// as an HTML page for a name ending in `.html` and as Markdown otherwise. Off a terminal it
/// follows the feed's elements to know that state (``take(_:)``); the dashboard hands over
/// its own (``write(_:pipeline:)``).
struct ReportWriter: Sendable {
    let path: String
    private var state = AnalysisState()
    /// The graph the feed said the run follows; without one, the report draws the stages seen.
    private var pipeline: PipelineShape?

    init(path: String) {
        self.path = path
    }

    mutating func take(_ element: FeedElement) {
        switch element {
        case .items(let items):
            // Read in place: a copy of each event would retain and release every string in it.
            items.withUnsafeBufferPointer { items in
                for index in items.indices { state.reduce(items[index].event) }
            }
        case .snapshot(let snapshot, _): state = snapshot
        case .pipeline(let shape): pipeline = shape
        case .connection, .playback, .notice, .end: break
        }
    }

    /// Writes the report of the state followed so far.
    func write() throws(RunFailure) {
        try write(state, pipeline: pipeline)
    }

    /// Writes the report of `state`, replacing any file at the path, and says where on
    /// standard error.
    func write(_ state: AnalysisState, pipeline: PipelineShape?) throws(RunFailure) {
        let now = Timestamp(seconds: Date().timeIntervalSince1970)
        let isHTML = [".html", ".htm"].contains { path.lowercased().hasSuffix($0) }
        let text = isHTML ? state.htmlReport(pipeline: pipeline, generatedAt: now) : state.markdownReport(pipeline: pipeline, generatedAt: now)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw RunFailure("cannot write the report to \(path): \(error.localizedDescription)")
        }
        StandardError.write("streamtop: report written to \(path)\n")
    }
}
