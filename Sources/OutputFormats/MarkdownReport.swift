import Analysis

extension AnalysisState {
    /// The state as a Markdown report, for `e` in the dashboard: status, competitors, stages,
    /// insights, sources and what went wrong. Text from the stream is already sanitised;
    /// table cells also escape the characters Markdown would read as table syntax.
    public func markdownReport(generatedAt: Timestamp) -> String {
        var lines = ["# Competitive analysis report", ""]
        lines.append("- Generated: \(generatedAt.text) by streamtop")
        if let id = session.id { lines.append("- Session: `\(id)`") }
        if let run {
            let place = [run.runID.map { "`\($0)`" }, run.threadID.map { "on thread `\($0)`" }].compactMap { $0 }.joined(separator: " ")
            lines.append("- LangGraph run" + (place.isEmpty ? "" : " \(place)") + ": " + (run.status?.rawValue ?? "status unknown"))
            for interrupt in run.interrupts { lines.append("- Waits on interrupt `\(interrupt.id)`: \(interrupt.value)") }
        }
        lines.append("- Status: " + (isCompleted ? "completed" : "in progress") + ", \(Percent.text(progress)) of the run")
        lines.append("- Events: \(eventCounts.total)" + (firstEventAt.map { ", from \($0.text)" } ?? "") + (lastEventAt.map { " to \($0.text)" } ?? ""))
        if let summary { lines += ["", summary] }

        if !competitors.isEmpty {
            lines += ["", "## Competitors", "", "| Competitor | Progress | Sources | Insights | Errors | Last message |", "|---|---:|---:|---:|---:|---|"]
            for competitor in competitors {
                lines.append("| \(Self.cell(competitor.name)) | \(Percent.text(competitor.progress)) | \(competitor.sources) | \(competitor.insights) | \(competitor.errors) | \(Self.cell(competitor.message ?? "")) |")
            }
        }
        if !stages.isEmpty {
            lines += ["", "## Stages", ""]
            for stage in stages {
                let duration = stage.durationMs.map { " (\(DurationText.milliseconds($0)))" } ?? ""
                lines.append("- \(stage.status.rawValue): \(stage.name)" + (stage.competitor.map { " — \($0)" } ?? "") + duration
                    + (stage.error.map { ": \($0)" } ?? ""))
            }
        }
        if !insights.isEmpty {
            lines += ["", "## Insights", ""]
            if insights.dropped > 0 { lines.append("_The \(insights.dropped) oldest insights are not kept; the newest \(insights.items.count) follow._\n") }
            for insight in insights.items {
                let about = [insight.competitor, insight.category, insight.confidence.map { "\(Percent.text($0)) confidence" }]
                    .compactMap { $0 }.joined(separator: ", ")
                lines.append("- " + (insight.title.map { "**\($0)** — " } ?? "") + insight.text + (about.isEmpty ? "" : " _(\(about))_"))
            }
        }
        lines += ["", "## Sources", "", "\(sources.total) found by the searches, \(sources.uniqueURLs) unique URLs. Newest first:", ""]
        for source in sources.previews.newestFirst {
            lines.append("- [\(Self.linkText(source.title))](\(source.url.replacing(" ", with: "%20")))" + (source.competitor.map { " — \($0)" } ?? ""))
        }
        if !errors.isEmpty || !diagnostics.isEmpty {
            lines += ["", "## Errors and bad input", ""]
            for error in errors.items {
                let place = [error.competitor, error.stage].compactMap { $0 }.joined(separator: ", ")
                lines.append("- " + (place.isEmpty ? "" : "\(place): ") + (error.errorType.map { "\($0): " } ?? "") + error.message)
            }
            for diagnostic in diagnostics.items {
                lines.append("- " + (diagnostic.line.map { "line \($0): " } ?? "") + diagnostic.message)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("|", with: "\\|")
    }

    private static func linkText(_ text: String) -> String {
        text.replacing("[", with: "\\[").replacing("]", with: "\\]")
    }
}
