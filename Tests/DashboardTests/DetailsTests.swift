import Analysis
@testable import Dashboard
import Testing

/// Enter's details of the selected item: everything it has, scrolled, closed before anything else.
@Suite("Details of an item")
struct DetailsTests {
    private static let size = Size(width: 120, height: 40)

    private func screen(_ app: DashboardApp) -> String {
        app.render(app.state.size).lines.joined(separator: "\n")
    }

    private func words(_ app: DashboardApp) -> Set<Substring> {
        Set(screen(app).split { $0 == " " || $0 == "\n" || $0 == "│" })
    }

    @Test("an insight's details show all of its text, longer than its panel, and every source it cites")
    func insight() {
        let text = (0..<150).map { "word\($0)" }.joined(separator: " ")
        let found = SourcesFound(count: 1, previews: [SourcePreview(title: "FDA clearance letter", url: "https://www.fda.gov/k123")])
        var app = TestStates.app(events: [
            AnalysisEvent(.sourcesFound(found), competitor: "A"),
            insightEvent(text, title: "Regulatory lead", sources: ["https://www.fda.gov/k123", "an unlisted report"]),
        ], size: Self.size)
        app.focus(.insights)
        #expect(!words(app).contains("word149"), "the panel alone must not show it all")
        _ = app.press(.enter)
        #expect(app.state.details?.subject == .insight(PanelModel.insights(app.state)[0]))
        let shown = words(app)
        for index in 0..<150 { #expect(shown.contains(Substring("word\(index)")), "word\(index)") }
        let all = screen(app)
        #expect(all.contains("Regulatory lead"))
        #expect(all.contains("Sources (2)"))
        #expect(all.contains("FDA clearance letter"))
        #expect(all.contains("https://www.fda.gov/k123"))
        #expect(all.contains("an unlisted report"))
    }

    @Test("a source's details show its URL, domain, snippet, score, published date and query")
    func source() {
        let preview = SourcePreview(
            title: "Spine robot cleared", url: "https://www.fda.gov/devices/k240101", snippet: "The agency cleared the navigation system.",
            score: 0.8734, publishedDate: "2024-05-01")
        let found = SourcesFound(count: 1, previews: [preview], query: "medtronic spine robot fda")
        var app = TestStates.app(events: [AnalysisEvent(.sourcesFound(found), competitor: "Medtronic")], size: Self.size)
        app.focus(.sources)
        _ = app.press(.enter)
        let all = screen(app)
        for text in ["Spine robot cleared", "https://www.fda.gov/devices/k240101", "fda.gov", "The agency cleared the navigation system.",
                     "0.87", "2024-05-01", "medtronic spine robot fda", "Medtronic"] {
            #expect(all.contains(text), "\(text)")
        }
    }

    @Test("an error's details show the events just before it, oldest first, and none after it")
    func errorContext() throws {
        let before = (0..<12).map { AnalysisEvent(.progressUpdate, message: "step-\($0 < 10 ? "0" : "")\($0)") }
        let error = AnalysisEvent(.error(ErrorReport(message: "search quota exhausted", errorType: "RuntimeError")), stage: "research", competitor: "A")
        let after = (0..<3).map { AnalysisEvent(.progressUpdate, message: "after-\($0)") }
        let bad = AnalysisEvent.decode(json: #"{"type":"progress_update","data":{"message":"trunc"#, line: 99)
        var app = TestStates.app(events: before + [error] + after + [bad], size: Self.size)
        app.focus(.errors)
        // The bad line came last, so it is first; the error is below it.
        _ = app.press(.down, .enter)
        guard case .error(let entry, let shown) = try #require(app.state.details?.subject) else {
            Issue.record("expected an error's details, got \(String(describing: app.state.details))")
            return
        }
        #expect(entry.message == "search quota exhausted")
        #expect(shown.map(\.message) == (4..<12).map { "step-\($0 < 10 ? "0" : "")\($0)" })
        let all = screen(app)
        #expect(all.contains("Events just before (8)"))
        #expect(all.contains("step-11"))
        #expect(!all.contains("step-03"))
        #expect(!all.contains("after-0"))
    }

    @Test("a stage's details name it, its competitor, status, duration and its events; a competitor's its stages, sources and insights")
    func stageAndCompetitor() {
        let events = [
            AnalysisEvent(.stageStarted, stage: "research_competitor", competitor: "Acme"),
            AnalysisEvent(.sourcesFound(SourcesFound(count: 1, previews: [SourcePreview(title: "Acme annual report", url: "https://acme.example/ar")])),
                          stage: "research_competitor", competitor: "Acme"),
            AnalysisEvent(.insightGenerated(Insight(text: "Acme leads on price", competitor: "Acme")), stage: "research_competitor", competitor: "Acme"),
            AnalysisEvent(.stageCompleted(durationMs: 1500), stage: "research_competitor", competitor: "Acme"),
        ]
        var app = TestStates.app(events: events, size: Self.size)
        app.focus(.stages)
        _ = app.press(.enter)
        var all = screen(app)
        for text in [" Stage ", "research_competitor", "Acme", "done", "1.5s", "Its events in the log (4)", "Acme annual report"] {
            #expect(all.contains(text), "\(text)")
        }
        _ = app.press(.escape)
        #expect(app.state.details == nil)
        app.focus(.competitors)
        _ = app.press(.enter)
        #expect(app.state.details?.subject == .competitor("Acme"))
        all = screen(app)
        for text in [" Competitor ", "Progress", "100%", "Stages (1)", "Sources (1)", "Acme annual report", "Insights (1)", "Acme leads on price"] {
            #expect(all.contains(text), "\(text)")
        }
    }

    @Test("Esc closes details first, then clears the filter, then unzooms; Enter closes them too")
    func escapeOrder() {
        var app = TestStates.app(events: insightEvents(5), size: Self.size)
        app.focus(.insights)
        _ = app.press(.character("/"))
        app.type("insight")
        _ = app.press(.enter, .character("z"), .enter)
        #expect(app.state.details != nil)
        #expect(app.press(.escape).isEmpty)
        #expect(app.state.details == nil)
        #expect(app.state.view(of: .insights).filter == "insight")
        #expect(app.state.zoomed == .insights)
        _ = app.press(.escape)
        #expect(app.state.view(of: .insights).filter == "")
        #expect(app.state.zoomed == .insights)
        _ = app.press(.escape)
        #expect(app.state.zoomed == nil)
        _ = app.press(.enter)
        #expect(app.state.details != nil)
        _ = app.press(.enter)
        #expect(app.state.details == nil)
    }

    @Test("in a dashboard opened from a list, Esc closes details rather than going back")
    func escapeDoesNotLeave() {
        var app = TestStates.app(events: insightEvents(1), size: Self.size)
        var state = app.state
        state.leavesOnEscape = true
        state.focus = .insights
        app = DashboardApp(state: state)
        _ = app.press(.enter)
        #expect(app.press(.escape).isEmpty)
        #expect(app.state.details == nil)
        #expect(app.press(.escape) == [.leave])
    }

    @Test("scrolling details stops at their end and at their top; keys scroll the details, not the panel")
    func scrollStops() throws {
        let text = (0..<400).map { "word\($0)" }.joined(separator: " ")
        var app = TestStates.app(events: [insightEvent(text)] + insightEvents(3), size: Size(width: 80, height: 24))
        app.focus(.insights)
        _ = app.press(.character("G"), .enter)
        let inside = DetailsOverlay.inside(DetailsOverlay.box(in: app.state.layout.body))
        let details = try #require(app.state.details)
        let rows = DetailsContent.rows(details, in: app.state, width: inside.width, glyphs: Glyphs.forOptions(app.state.options)).count
        #expect(rows > inside.height)
        for _ in 0..<20 { _ = app.press(.pageDown) }
        #expect(app.state.details?.scroll == rows - inside.height)
        _ = app.press(.down)
        #expect(app.state.details?.scroll == rows - inside.height)
        #expect(screen(app).contains("word399"))
        #expect(screen(app).contains("of \(rows)"))
        #expect(app.state.view(of: .insights).selected == 3)
        _ = app.press(.up)
        #expect(app.state.details?.scroll == rows - inside.height - 1)
        _ = app.press(.character("g"))
        #expect(app.state.details?.scroll == 0)
        _ = app.press(.up)
        #expect(app.state.details?.scroll == 0)
        _ = app.press(.character("G"))
        #expect(app.state.details?.scroll == rows - inside.height)
    }

    @Test("Enter on an empty panel opens nothing and says so")
    func nothingSelected() {
        var app = TestStates.empty(Self.size)
        app.focus(.insights)
        _ = app.press(.enter)
        #expect(app.state.details == nil)
        #expect(app.state.notice?.text.contains("nothing selected") == true)
    }
}
