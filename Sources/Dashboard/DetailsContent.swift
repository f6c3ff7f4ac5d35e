import Analysis
import OutputFormats

/// What the details of an item say, as rows at a width: the overlay draws them, and the
/// reducer counts them to scroll. Everything the item has is here, its text whole.
enum DetailsContent {
    /// The overlay's title: what kind of item it is.
    static func title(_ details: Details) -> String {
        switch details.subject {
        case .insight: "Insight"
        case .source: "Source"
        case .error: "Error"
        case .diagnostic: "Bad input"
        case .stage: "Stage"
        case .competitor: "Competitor"
        case .event: "Event"
        case .message: "Model output"
        }
    }

    static func rows(_ details: Details, in state: AppState, width: Int, glyphs: Glyphs) -> [[Span]] {
        var page = Page(width: max(1, width), glyphs: glyphs)
        let analysis = state.shown
        switch details.subject {
        case .insight(let insight):
            if let title = insight.title { page.heading(title) }
            page.field("Competitor", insight.competitor)
            page.field("Category", insight.category)
            page.field("Confidence", insight.confidence.map { Format.percent($0, padded: false) })
            page.blank()
            page.paragraph(insight.text)
            page.section("Sources", count: insight.sources.count)
            for cited in insight.sources {
                // A cited source is named by its URL or its title; the previews kept may know the other.
                let known = analysis.sources.previews.items.first { $0.url == cited || $0.title == cited }
                page.item(known?.title ?? cited, style: .normal)
                if let url = known?.url, url != known?.title { page.item(url, style: .accent, bullet: false) }
            }
        case .source(let source):
            page.heading(source.title)
            page.field("URL", source.url, style: .accent)
            page.field("Domain", Format.domain(of: source.url))
            page.field("Competitor", source.competitor)
            page.field("Query", source.query)
            page.field("Score", source.score.map { String(($0 * 100).rounded() / 100) })
            page.field("Published", source.publishedDate)
            if let snippet = source.snippet {
                page.blank()
                page.paragraph(snippet)
            }
        case .error(let error, let before):
            page.paragraph(error.message, style: .error)
            page.blank()
            page.field("Type", error.errorType)
            page.field("Stage", error.stage)
            page.field("Competitor", error.competitor)
            page.field("Time", error.at?.text)
            page.field("Line", error.line.map(String.init))
            page.section("Events just before", count: before.count)
            for event in before { page.item(event.logLine, style: .dim) }
        case .diagnostic(let diagnostic):
            page.paragraph(diagnostic.message, style: .warning)
            page.field("Line", diagnostic.line.map(String.init))
        case .stage(let name, let competitor, let taskID):
            stage(name: name, competitor: competitor, taskID: taskID, in: state, page: &page)
        case .competitor(let name):
            competitor(name, in: state, page: &page)
        case .event(let event):
            page.field("Type", event.type)
            page.field("Line", event.line.map(String.init))
            page.field("Time", event.timestamp?.text)
            page.field("Stage", event.stage)
            page.field("Competitor", event.competitor)
            page.field("Progress", event.progress.map { Format.percent($0, padded: false) })
            page.blank()
            page.paragraph(event.logLine)
        case .message(let id):
            guard let message = analysis.messages[id] else {
                page.paragraph("This message is no longer kept: newer ones took its place.", style: .dim)
                break
            }
            page.field("Node", message.node)
            page.field("Message", message.id)
            if message.isTruncated { page.field("Cut", "the text is longer than streamtop keeps", style: .warning) }
            page.blank()
            page.paragraph(message.text)
        }
        return page.rows
    }

    private static func stage(name: String, competitor: String?, taskID: String?, in state: AppState, page: inout Page) {
        let analysis = state.shown
        guard let run = analysis.stages.first(where: { $0.name == name && $0.competitor == competitor && $0.taskID == taskID }) else {
            page.heading(name)
            page.paragraph("This stage run is no longer kept.", style: .dim)
            return
        }
        page.heading(run.name)
        page.field("Competitor", run.competitor)
        page.field("Task", run.taskID)
        page.field("Status", run.status.rawValue, style: run.status == .failed ? .error : .normal)
        page.field("Started", run.startedAt?.text)
        page.field("Ended", run.endedAt?.text)
        var duration = run.durationMs
        if duration == nil, let start = run.startedAt, let end = run.endedAt { duration = (end.seconds - start.seconds) * 1000 }
        page.field("Duration", duration.map(DurationText.milliseconds))
        page.field("Error", run.error, style: .error)
        let events = state.shownLog.items.filter { $0.stage == run.name && (competitor == nil || $0.competitor == competitor) }
        page.section("Its events in the log", count: events.count)
        for event in events.suffix(50) { page.item(event.logLine, style: .dim) }
        let sources = analysis.sources.previews.items.filter { competitor != nil && $0.competitor == competitor }
        if !sources.isEmpty {
            page.section("Its competitor's sources", count: sources.count)
            for source in sources.reversed() { page.item(source.title, style: .normal) }
        }
    }

    private static func competitor(_ name: String, in state: AppState, page: inout Page) {
        let analysis = state.shown
        page.heading(name)
        guard let competitor = analysis.competitor(named: name) else {
            page.paragraph("No longer shown.", style: .dim)
            return
        }
        page.field("Progress", Format.percent(competitor.progress, padded: false))
        page.field("Stage", competitor.stage)
        page.field("Doing", competitor.message)
        page.field("Counts", "\(competitor.sources) sources, \(competitor.insights) insights, \(competitor.errors) errors")
        let stages = analysis.stages.filter { $0.competitor == name }
        page.section("Stages", count: stages.count)
        for stage in stages {
            let duration = stage.durationMs.map { " " + DurationText.milliseconds($0) } ?? ""
            page.item("\(stage.name) \(page.glyphs.separator) \(stage.status.rawValue)\(duration)", style: stage.status == .failed ? .error : .normal)
        }
        let sources = analysis.sources.previews.items.filter { $0.competitor == name }
        page.section("Sources", count: sources.count)
        for source in sources.reversed() { page.item(source.title, style: .normal) }
        let insights = analysis.insights.items.filter { $0.competitor == name }
        page.section("Insights", count: insights.count)
        for insight in insights.reversed() { page.item(insight.text, style: .normal) }
    }
}

/// Rows being written at a width: headings, labelled fields, wrapped paragraphs, list items.
private struct Page {
    let width: Int
    let glyphs: Glyphs
    private(set) var rows: [[Span]] = []
    private static let labelWidth = 12

    init(width: Int, glyphs: Glyphs) {
        self.width = width
        self.glyphs = glyphs
    }

    mutating func heading(_ text: String) {
        rows += TextWidth.wrap(text, to: width).map { [Span($0, .title)] }
    }

    mutating func blank() {
        if rows.last?.isEmpty == false { rows.append([]) }
    }

    /// A label and its value; nothing when there is no value.
    mutating func field(_ label: String, _ value: String?, style: Style = .normal) {
        guard let value, !value.isEmpty else { return }
        let labelWidth = min(Self.labelWidth, width / 3)
        let lines = TextWidth.wrap(value, to: max(1, width - labelWidth))
        for (index, line) in lines.enumerated() {
            let label = index == 0 ? TextWidth.truncate(label, to: max(0, labelWidth - 1), ellipsis: glyphs.ellipsis) : ""
            let padding = String(repeating: " ", count: max(0, labelWidth - TextWidth.of(label)))
            rows.append([Span(label + padding, .dim), Span(line, style)])
        }
    }

    mutating func paragraph(_ text: String, style: Style = .normal) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            rows += TextWidth.wrap(String(line), to: width).map { [Span($0, style)] }
        }
    }

    mutating func section(_ title: String, count: Int) {
        blank()
        rows.append([Span(title, .title), Span(" (\(count))", .dim)])
        if count == 0 { rows.append([Span("none", .dim)]) }
    }

    /// A list item, its continuation rows indented under its text.
    mutating func item(_ text: String, style: Style, bullet: Bool = true) {
        let lead = bullet ? "- " : "  "
        let lines = TextWidth.wrap(text, to: max(1, width - 2))
        for (index, line) in lines.enumerated() {
            rows.append([Span(index == 0 ? lead : "  ", .dim), Span(line, style)])
        }
    }
}
