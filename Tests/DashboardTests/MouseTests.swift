import Analysis
@testable import Dashboard
import Testing

/// The mouse, while captured: a press focuses and selects what is under it, a quick second
/// press on the same item opens it, the wheel scrolls. No clock: each event says when it was.
@Suite("The mouse")
struct MouseTests {
    private static let size = Size(width: 120, height: 40)

    private func captured(_ app: DashboardApp) -> DashboardApp {
        var state = app.state
        state.capturesMouse = true
        return DashboardApp(state: state)
    }

    private func inside(_ panel: Panel, _ app: DashboardApp) throws -> Rect {
        try #require(app.state.layout.rect(of: panel)?.inset(by: 1))
    }

    @Test("a press focuses the panel under it and selects the item under it, on items of one row and of two")
    func pressSelects() throws {
        let sources = (0..<5).map { AnalysisEvent(.sourcesFound(SourcesFound(count: 1, previews: [
            SourcePreview(title: "source \($0)", url: "https://s\($0).example"),
        ])), competitor: "A") }
        var app = captured(TestStates.app(events: sources + insightEvents(5), size: Self.size))
        let insights = try inside(.insights, app)
        // Insights take two rows each: the second row of the third item is the third item.
        _ = app.send(.mouse(MouseEvent(.press, x: insights.x + 3, y: insights.y + 5, at: 1)))
        #expect(app.state.focus == .insights)
        #expect(app.state.view(of: .insights).selected == 2)
        #expect(app.selectedRows(of: .insights).contains { $0.contains("insight 2") })
        let list = try inside(.sources, app)
        _ = app.send(.mouse(MouseEvent(.press, x: list.x, y: list.y + 3, at: 2)))
        #expect(app.state.focus == .sources)
        #expect(app.state.view(of: .sources).selected == 3)
        #expect(app.state.details == nil)
        // Below the last item: focus, but nothing selected anew.
        _ = app.send(.mouse(MouseEvent(.press, x: insights.x, y: insights.maxY - 1, at: 3)))
        #expect(app.state.focus == .insights)
        #expect(app.state.view(of: .insights).selected == 2)
    }

    @Test("a second press on the same item within 0.4 s opens its details; a slow one, or on another item, does not")
    func doubleClick() throws {
        var app = captured(TestStates.app(events: insightEvents(5), size: Self.size))
        let insights = try inside(.insights, app)
        let first = MouseEvent(.press, x: insights.x, y: insights.y, at: 10)
        _ = app.send(.mouse(first))
        _ = app.send(.mouse(MouseEvent(.press, x: insights.x, y: insights.y + 1, at: 10.5)))
        #expect(app.state.details == nil, "a slow second click")
        _ = app.send(.mouse(MouseEvent(.press, x: insights.x, y: insights.y + 2, at: 10.6)))
        #expect(app.state.details == nil, "a click on another item")
        _ = app.send(.mouse(MouseEvent(.press, x: insights.x + 4, y: insights.y + 3, at: 10.9)))
        #expect(app.state.details?.subject == .insight(PanelModel.insights(app.state)[1]))
        // A press outside the details closes them; inside it does not.
        let box = DetailsOverlay.box(in: app.state.layout.body)
        _ = app.send(.mouse(MouseEvent(.press, x: box.x + 3, y: box.y + 2, at: 20)))
        #expect(app.state.details != nil)
        _ = app.send(.mouse(MouseEvent(.press, x: 0, y: app.state.layout.body.y, at: 21)))
        #expect(app.state.details == nil)
    }

    @Test("the wheel moves the selection under it by 3, and scrolls open details")
    func wheel() throws {
        let long = (0..<400).map { "word\($0)" }.joined(separator: " ")
        var app = captured(TestStates.app(events: [insightEvent(long)] + insightEvents(9), size: Self.size))
        let insights = try inside(.insights, app)
        _ = app.send(.mouse(MouseEvent(.wheelDown, x: insights.x, y: insights.y, at: 1)))
        #expect(app.state.focus == .insights)
        #expect(app.state.view(of: .insights).selected == 3)
        _ = app.send(.mouse(MouseEvent(.wheelDown, x: insights.x, y: insights.y, at: 2)))
        _ = app.send(.mouse(MouseEvent(.wheelUp, x: insights.x, y: insights.y, at: 3)))
        #expect(app.state.view(of: .insights).selected == 3)
        _ = app.press(.character("G"), .enter)
        _ = app.send(.mouse(MouseEvent(.wheelDown, x: insights.x, y: insights.y, at: 4)))
        #expect(app.state.details?.scroll == 3)
        #expect(app.state.view(of: .insights).selected == 9)
    }

    @Test("without the mouse captured, presses and the wheel do nothing; M captures it and lets it go")
    func notCaptured() throws {
        var app = TestStates.app(events: insightEvents(5), size: Self.size)
        let insights = try inside(.insights, app)
        let before = app.state
        _ = app.send(.mouse(MouseEvent(.press, x: insights.x, y: insights.y + 2, at: 1)))
        _ = app.send(.mouse(MouseEvent(.wheelDown, x: insights.x, y: insights.y, at: 1)))
        #expect(app.state == before)
        _ = app.press(.character("M"))
        #expect(app.state.capturesMouse)
        #expect(app.capturesMouse)
        #expect(app.state.notice?.text.hasPrefix("mouse on") == true)
        _ = app.send(.mouse(MouseEvent(.press, x: insights.x, y: insights.y + 2, at: 2)))
        #expect(app.state.view(of: .insights).selected == 1)
        _ = app.press(.character("M"))
        #expect(!app.capturesMouse)
        #expect(app.state.notice?.text.hasPrefix("mouse off") == true)
    }

    @Test("in the compact layout a press on the stages' strip selects the stage of the glyph under it")
    func stripClick() throws {
        var app = captured(TestStates.app(events: compactRunEvents(), size: Size(width: 80, height: 24)))
        let strip = try inside(.stages, app)
        try #require(app.state.layout.isCompact)
        _ = app.send(.mouse(MouseEvent(.press, x: strip.x + 4, y: strip.y, at: 1)))
        #expect(app.state.focus == .stages)
        #expect(app.state.view(of: .stages).selected == 4)
        let stage = PanelModel.stages(app.state)[4]
        #expect(app.render(app.state.size).lines[strip.y].contains(" \(stage.name) · \(stage.competitor ?? "")"))
    }

    @Test("on a replay's timeline a press on the bars seeks to that moment; on its labels it selects the row")
    func timelineSeeks() throws {
        let start = 1_700_000_000.0
        let events = [
            AnalysisEvent(.stageStarted, timestamp: Timestamp(seconds: start), stage: "plan"),
            AnalysisEvent(.stageCompleted(durationMs: 30_000), timestamp: Timestamp(seconds: start + 30), stage: "plan"),
            AnalysisEvent(.stageStarted, timestamp: Timestamp(seconds: start + 30), stage: "research", competitor: "A"),
            AnalysisEvent(.stageCompleted(durationMs: 90_000), timestamp: Timestamp(seconds: start + 120), stage: "research", competitor: "A"),
        ]
        var app = captured(TestStates.app(events: events, size: Self.size))
        _ = app.press(.character("t"))
        let panel = try #require(app.state.layout.rect(of: .timeline))
        let scale = try #require(TimelineScale(app.state, panel: panel))
        let inside = panel.inset(by: 1)
        let column = inside.maxX - 2
        let effects = app.send(.mouse(MouseEvent(.press, x: column, y: inside.y, at: 1)))
        let time = try #require(scale.time(atColumn: column))
        #expect(time > start + 60 && time <= start + 130)
        #expect(effects == [.feed(.playback(.jumpToTime(time)))])
        // The labels are not the bars: a press there selects the second row.
        _ = app.send(.mouse(MouseEvent(.press, x: inside.x, y: inside.y + 1, at: 2)))
        #expect(app.state.view(of: .timeline).selected == 1)
        // Outside a replay the timeline does not seek.
        var live = captured(TestStates.app(.demo, events: events, size: Self.size))
        _ = live.press(.character("t"))
        #expect(live.send(.mouse(MouseEvent(.press, x: column, y: inside.y, at: 1))).isEmpty)
    }
}
