import ArgumentParser
import Dashboard
import Terminal

/// How a stream is shown: the options every command that shows a stream shares.
struct OutputOptions: ParsableArguments {
    enum UI: String, ExpressibleByArgument, CaseIterable {
        case auto, tui, plain, json
    }

    enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
        case json
    }

    @Option(help: """
        auto: the dashboard on a terminal, plain lines otherwise; tui: the dashboard; \
        plain: one readable line per event; json: one JSON object per event.
        """)
    var ui: UI = .auto

    @Option(help: "Print only the final state, as one JSON document, when the stream ends.")
    var summary: SummaryFormat?

    @Option(help: "The most frames the dashboard draws a second.")
    var fps = 30

    @Flag(help: "Draw the dashboard without colours (NO_COLOR in the environment does the same).")
    var noColor = false

    @Flag(help: "Draw the dashboard with ASCII borders and marks only.")
    var ascii = false

    func validate() throws {
        guard (1...240).contains(fps) else { throw ValidationError("--fps must be between 1 and 240") }
        if ui == .tui, summary != nil { throw ValidationError("--summary prints instead of the dashboard; drop --ui tui") }
    }

    /// The dashboard only where it can be drawn: a terminal on both ends, and no summary asked.
    var showsDashboard: Bool {
        switch ui {
        case .tui: true
        case .auto: summary == nil && TerminalCapabilities.dashboardIsUsable
        case .plain, .json: false
        }
    }

    var display: DisplayOptions {
        DisplayOptions(ascii: ascii, fps: fps)
    }
}
