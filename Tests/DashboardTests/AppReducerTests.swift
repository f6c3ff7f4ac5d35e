import Analysis
@testable import Dashboard
import Testing

/// Drives the whole dashboard with actions, keys included, as the terminal would — with no
/// terminal and no clock.
@Suite("App reducer and keys")
struct AppReducerTests {
    private func press(_ keys: Key..., in app: inout DashboardApp) -> [Effect] {
        keys.flatMap { app.send(.key($0)) }
    }

    private func focus(_ panel: Panel, in app: inout DashboardApp) {
        var state = app.state
        state.focus = panel
        app = DashboardApp(state: state)
    }

    private func insights(_ count: Int, from start: Int = 0) -> [AnalysisEvent] {
        (start..<start + count).map { AnalysisEvent(.insightGenerated(Insight(text: "insight \($0)")), competitor: "A") }
    }

    @Test("q and Ctrl-C quit, from anywhere, typing a filter included")
    func quit() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        #expect(press(.character("q"), in: &app) == [.quit])
        #expect(press(.control("c"), in: &app) == [.quit])
        _ = press(.character("/"), in: &app)
        #expect(press(.control("c"), in: &app) == [.quit])
    }

    @Test("Tab and Shift-Tab move focus through the panels on screen")
    func focus() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        #expect(app.state.focus == .competitors)
        _ = press(.tab, in: &app)
        #expect(app.state.focus == .sources)
        _ = press(.backTab, .backTab, in: &app)
        #expect(app.state.focus == .stages)
        _ = press(.backTab, in: &app)
        #expect(app.state.focus == .errors)
        _ = press(.character("l"), in: &app)
        #expect(app.state.focus == .log)
        _ = press(.tab, in: &app)
        #expect(app.state.focus == .stages)
    }

    @Test("a panel at the top follows new items; scrolled away it stays put and counts what is new")
    func followAndStay() {
        var app = TestStates.app(events: insights(10), size: Size(width: 120, height: 40))
        focus(.insights, in: &app)
        _ = press(.down, .down, in: &app)
        #expect(app.state.view(of: .insights).offset == 2)
        _ = app.send(.events(insights(3, from: 10)))
        #expect(app.state.view(of: .insights).offset == 5)
        #expect(app.state.view(of: .insights).unseen == 3)
        #expect(app.render(app.state.size).lines.contains { $0.contains("Insights 13 · 3 new") })
        _ = press(.character("g"), in: &app)
        #expect(app.state.view(of: .insights) == PanelViewState())
        _ = app.send(.events(insights(2, from: 13)))
        #expect(app.state.view(of: .insights).offset == 0)
    }

    @Test("scrolling stops at the ends of the list")
    func scrollBounds() {
        var app = TestStates.app(events: insights(5), size: Size(width: 120, height: 40))
        focus(.insights, in: &app)
        _ = press(.character("k"), .up, in: &app)
        #expect(app.state.view(of: .insights).offset == 0)
        _ = press(.character("G"), in: &app)
        #expect(app.state.view(of: .insights).offset == 4)
        _ = press(.pageDown, .character("j"), in: &app)
        #expect(app.state.view(of: .insights).offset == 4)
        _ = press(.pageUp, in: &app)
        #expect(app.state.view(of: .insights).offset == 0)
    }

    @Test("/ filters the focused panel; Enter keeps the filter, Esc clears it")
    func filter() {
        var app = TestStates.finished(Size(width: 120, height: 40))
        focus(.sources, in: &app)
        _ = press(.character("/"), in: &app)
        #expect(app.state.input == .filter)
        for character in "fda.gov" { _ = press(.character(character), in: &app) }
        _ = press(.character("x"), .backspace, .enter, in: &app)
        #expect(app.state.input == .keys)
        #expect(app.state.view(of: .sources).filter == "fda.gov")
        let screen = app.render(app.state.size).lines
        let rows = screen.filter { $0.contains(" · fda.gov · ") }
        #expect(screen.contains { $0.contains("/fda.gov 2 shown") })
        #expect(rows.count == 2)
        _ = press(.escape, in: &app)
        #expect(app.state.view(of: .sources).filter == "")
    }

    @Test("freezing holds the view while every event is still reduced")
    func freeze() {
        var app = TestStates.app(events: insights(3), size: Size(width: 120, height: 40))
        _ = press(.character("p"), in: &app)
        _ = app.send(.events(insights(4, from: 3)))
        #expect(app.state.analysis.insights.total == 7)
        #expect(app.state.shown.insights.total == 3)
        let screen = app.render(app.state.size).lines
        #expect(screen[0].contains("FROZEN +4"))
        #expect(screen.contains { $0.contains("Insights 3") })
        _ = press(.character("p"), in: &app)
        #expect(app.state.frozen == nil)
        #expect(app.render(app.state.size).lines.contains { $0.contains("Insights 7") })
    }

    @Test("e asks for a Markdown report of the live state")
    func export() throws {
        var app = TestStates.finished(Size(width: 80, height: 24))
        let effects = press(.character("e"), in: &app)
        guard case .exportReport(let markdown) = try #require(effects.first) else {
            Issue.record("expected an export, got \(effects)")
            return
        }
        #expect(markdown.hasPrefix("# Competitive analysis report"))
        #expect(markdown.contains("| Stryker Spine | 100% | 23 | 1 | 0 |"))
        _ = app.send(.notice("Report written to ./report.md", isError: false))
        #expect(app.render(app.state.size).lines.last?.contains("Report written to ./report.md") == true)
        _ = app.send(.tick(now: testNow + 200))
        #expect(app.state.notice == nil)
    }

    @Test("? shows every key; Esc closes it")
    func help() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        _ = press(.character("?"), in: &app)
        let screen = app.render(app.state.size).lines.joined(separator: "\n")
        for binding in Keymap.bindings { #expect(screen.contains(binding.help), "\(binding.help)") }
        _ = press(.escape, in: &app)
        #expect(!app.state.showHelp)
    }

    @Test("a key that does nothing says so")
    func unknownKey() {
        var app = TestStates.empty(Size(width: 80, height: 24))
        _ = press(.character("z"), in: &app)
        #expect(app.render(app.state.size).lines.last?.contains("z does nothing here; ? lists the keys") == true)
    }

    @Test("the view changes version on every visible change, and only then")
    func versions() {
        var app = TestStates.empty(Size(width: 80, height: 24))
        let start = app.frame
        _ = app.send(.events([]))
        #expect(app.frame == start)
        _ = app.send(.events(insights(1)))
        #expect(app.frame > start)
    }

    @Test("a stream gone quiet turns the heartbeat warning")
    func quietStream() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        _ = app.send(.events([AnalysisEvent(.heartbeat)]))
        _ = app.send(.tick(now: testNow + 200))
        let header = app.render(app.state.size)
        let heart = (0..<header.size.width).first { header[x: $0, y: 0].text == "♥" }
        #expect(heart.map { header[x: $0, y: 0].style.role } == .warning)
    }
}

@Suite("Restarting a live analysis")
struct RestartKeyTests {
    @Test("r asks for a new analysis only when a live stream broke off without a way to resume")
    func restart() {
        var live = TestStates.app(.live(host: "h"), size: Size(width: 80, height: 24))
        _ = live.send(.connection(.streaming))
        #expect(live.send(.key(.character("r"))).isEmpty)
        #expect(live.render(live.state.size).lines.last?.contains("only after a stream that cannot resume broke off") == true)
        _ = live.send(.connection(.interrupted("stream ended before completion; the server cannot resume")))
        #expect(live.render(live.state.size).lines[0].contains("press r"))
        #expect(live.send(.key(.character("r"))) == [.restartAnalysis])
        #expect(live.state.connection == .connecting)

        var demo = TestStates.empty(Size(width: 80, height: 24))
        #expect(demo.send(.key(.character("r"))).isEmpty)
        #expect(demo.render(demo.state.size).lines.last?.contains("r starts a new live analysis; this is demo") == true)
    }
}
