import Analysis

/// What the report says, before it is written as Markdown (`e` in the dashboard, `--report
/// FILE`) or as an HTML page (`--report FILE.html`): both write this one document, so that they
/// cannot come to say different things. Text from the stream is already sanitised; each format
/// escapes it as it needs.
public struct ReportDocument: Equatable, Sendable {
    /// A run of text and how it reads.
    public enum Span: Equatable, Sendable {
        case text(String)
        case code(String)
        case strong(String)
        case emphasis(String)
        /// A link, written as one only when ``isWebAddress(_:)``; otherwise the title and the
        /// address as plain text.
        case link(String, url: String)
    }

    public typealias Line = [Span]

    public struct Table: Equatable, Sendable {
        public var columns: [String]
        /// For each column, whether it holds numbers (aligned right).
        public var numeric: [Bool]
        public var rows: [[String]]
    }

    public enum Block: Equatable, Sendable {
        case paragraph(Line)
        case list([Line])
        case table(Table)
        case gantt(StageChart)
        case flowchart(PipelineShape)
    }

    public struct Section: Equatable, Sendable {
        public var title: String
        public var blocks: [Block]
    }

    public var title: String
    /// Before the first section: when, which run, how far.
    public var preamble: [Block]
    public var sections: [Section]

    /// Whether a link's address may be followed from a report: the web's, never `javascript:`,
    /// `data:` or a local file's.
    public static func isWebAddress(_ url: String) -> Bool {
        let lowered = url.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
    }
}

extension AnalysisState {
    /// The report of this state: status, competitors, stages (and their Gantt), the pipeline's
    /// graph (`pipeline`, else the stages seen), insights, sources and what went wrong.
    public func reportDocument(pipeline: PipelineShape? = nil, generatedAt: Timestamp) -> ReportDocument {
        var facts: [ReportDocument.Line] = [[.text("Generated: \(generatedAt.text) by streamtop")]]
        if let id = session.id { facts.append([.text("Session: "), .code(id)]) }
        if let run {
            var line: ReportDocument.Line = [.text("LangGraph run")]
            if let id = run.runID { line += [.text(" "), .code(id)] }
            if let thread = run.threadID { line += [.text(" on thread "), .code(thread)] }
            facts.append(line + [.text(": " + (run.status?.rawValue ?? "status unknown"))])
            for interrupt in run.interrupts { facts.append([.text("Waits on interrupt "), .code(interrupt.id), .text(": \(interrupt.value)")]) }
        }
        facts.append([.text("Status: " + (isCompleted ? "completed" : "in progress") + ", \(Percent.text(progress)) of the run")])
        facts.append([.text("Events: \(eventCounts.total)" + (firstEventAt.map { ", from \($0.text)" } ?? "") + (lastEventAt.map { " to \($0.text)" } ?? ""))])
        var preamble: [ReportDocument.Block] = [.list(facts)]
        if let summary { preamble.append(.paragraph([.text(summary)])) }

        var sections: [ReportDocument.Section] = []
        if !competitors.isEmpty {
            let table = ReportDocument.Table(
                columns: ["Competitor", "Progress", "Sources", "Insights", "Errors", "Last message"],
                numeric: [false, true, true, true, true, false],
                rows: competitors.map { competitor in
                    [competitor.name, Percent.text(competitor.progress), "\(competitor.sources)", "\(competitor.insights)", "\(competitor.errors)",
                     competitor.message ?? ""]
                })
            sections.append(.init(title: "Competitors", blocks: [.table(table)]))
        }
        if !stages.isEmpty {
            let lines: [ReportDocument.Line] = stages.map { stage in
                let duration = stage.durationMs.map { " (\(DurationText.milliseconds($0)))" } ?? ""
                return [.text("\(stage.status.rawValue): \(stage.name)" + (stage.competitor.map { " — \($0)" } ?? "") + duration
                    + (stage.error.map { ": \($0)" } ?? ""))]
            }
            sections.append(.init(title: "Stages", blocks: [.list(lines)] + (StageChart(self).map { [.gantt($0)] } ?? [])))
        }
        let graph = pipeline ?? .seen(in: self)
        if graph.nodes.contains(where: { !PipelineShape.isTerminal($0) }) {
            sections.append(.init(title: "Pipeline", blocks: [.flowchart(graph)]))
        }
        if !insights.isEmpty {
            var blocks: [ReportDocument.Block] = []
            if insights.dropped > 0 {
                blocks.append(.paragraph([.emphasis("The \(insights.dropped) oldest insights are not kept; the newest \(insights.items.count) follow.")]))
            }
            blocks.append(.list(insights.items.map { insight in
                let about = [insight.competitor, insight.category, insight.confidence.map { "\(Percent.text($0)) confidence" }]
                    .compactMap { $0 }.joined(separator: ", ")
                return (insight.title.map { [.strong($0), .text(" — ")] } ?? []) + [.text(insight.text)]
                    + (about.isEmpty ? [] : [.text(" "), .emphasis("(\(about))")])
            }))
            sections.append(.init(title: "Insights", blocks: blocks))
        }
        let found = ReportDocument.Block.paragraph([
            .text("\(sources.total) found by the searches, \(sources.uniqueURLs) unique URLs." + (sources.previews.isEmpty ? "" : " Newest first:")),
        ])
        let previews: [ReportDocument.Line] = sources.previews.newestFirst.map { source in
            [.link(source.title, url: source.url)] + (source.competitor.map { [.text(" — \($0)")] } ?? [])
        }
        sections.append(.init(title: "Sources", blocks: [found] + (previews.isEmpty ? [] : [.list(previews)])))
        if !errors.isEmpty || !diagnostics.isEmpty {
            let problems: [ReportDocument.Line] = errors.items.map { error in
                let place = [error.competitor, error.stage].compactMap { $0 }.joined(separator: ", ")
                return [.text((place.isEmpty ? "" : "\(place): ") + (error.errorType.map { "\($0): " } ?? "") + error.message)]
            } + diagnostics.items.map { diagnostic in
                [.text((diagnostic.line.map { "line \($0): " } ?? "") + diagnostic.message)]
            }
            sections.append(.init(title: "Errors and bad input", blocks: [.list(problems)]))
        }
        return ReportDocument(title: "Competitive analysis report", preamble: preamble, sections: sections)
    }
}
