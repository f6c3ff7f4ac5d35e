import ArgumentParser
import Dashboard
import Feeds
import Terminal

/// How a stream is shown: the options every command that shows a stream shares, and the face
/// they pick for a feed.
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
    var fps = FrameRate.standard

    @Flag(help: "Draw the dashboard without colours (NO_COLOR in the environment does the same).")
    var noColor = false

    @Flag(help: "Draw the dashboard with ASCII borders and marks only.")
    var ascii = false

    @Flag(help: "Capture the mouse in the dashboard: click, double-click, wheel (M turns it on and off; while on, Shift-drag selects text in most terminals).")
    var mouse = false

    func validate() throws {
        guard FrameRate.range.contains(fps) else {
            throw ValidationError("--fps must be between \(FrameRate.range.lowerBound) and \(FrameRate.range.upperBound)")
        }
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
        DisplayOptions(ascii: ascii)
    }

    /// Shows `feed` in the face these options pick, until it ends (or, in the dashboard, until
    /// the user quits). `mode` names the source in the dashboard's header; a live source also
    /// reports its connection on standard error when there is no dashboard. `report` writes
    /// the final state's report when the run is over, in any face.
    func show(_ feed: any Feed, mode: AppState.Mode, report finalReport: ReportWriter? = nil) async throws {
        if showsDashboard {
            try await DashboardFace(mode: mode, output: self, report: finalReport).show(feed)
            return
        }
        let printer: any EventPrinter = summary == .json ? SummaryPrinter() : LinePrinter(ui == .json ? .json : .plain)
        var report: StatusReport?
        switch mode {
        case .live, .langGraph: report = StatusReport(url: feed.source)
        case .demo, .replay: break
        }
        try await PlainFace(printer: printer, report: report, finalReport: finalReport).show(feed)
    }
}
