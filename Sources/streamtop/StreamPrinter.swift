import Analysis

/// Shows a stream without a terminal UI: reduces every event, prints a line (or a JSON
/// object) per event, or only the final state when a summary is asked for.
struct StreamPrinter {
    private let options: OutputOptions
    private let output = StandardOutput.shared
    private(set) var state = DashboardState()

    init(options: OutputOptions) {
        self.options = options
    }

    mutating func show(_ event: AnalysisEvent) {
        state.reduce(event)
        guard options.summary == nil else { return }
        switch options.ui {
        case .auto, .tui, .plain: output.line(event.logLine)
        case .json: output.line(event.envelope.serialized())
        }
    }

    func flush() {
        output.flush()
    }

    /// Prints the summary if one was asked for, and flushes everything.
    func finish() {
        if options.summary == .json { output.line(state.summaryDocument.serialized(pretty: true)) }
        output.flush()
    }
}
