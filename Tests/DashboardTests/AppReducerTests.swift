import Analysis
@testable import Dashboard
import Feeds
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

    @Test("Tab and Shift-Tab move focus through the panels on screen, the timeline's in two columns")
    func focus() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        #expect(app.state.focus == .competitors)
        _ = press(.tab, in: &app)
        #expect(app.state.focus == .timeline)
        _ = press(.tab, in: &app)
        #expect(app.state.focus == .sources)
        _ = press(.backTab, .backTab, .backTab, in: &app)
        #expect(app.state.focus == .stages)
        _ = press(.backTab, in: &app)
        #expect(app.state.focus == .errors)
        _ = press(.character("l"), in: &app)
        #expect(app.state.focus == .log)
        _ = press(.tab, in: &app)
        #expect(app.state.focus == .stages)
    }

    @Test("a selection at the top follows new items; moved away it stays on its item and counts what is new")
    func followAndStay() {
        var app = TestStates.app(events: insights(10), size: Size(width: 120, height: 40))
        focus(.insights, in: &app)
        _ = press(.down, .down, in: &app)
        #expect(app.state.view(of: .insights).selected == 2)
        #expect(app.state.view(of: .insights).offset == 0)
        _ = app.send(.events(insights(3, from: 10)))
        #expect(app.state.view(of: .insights).selected == 5)
        #expect(app.state.view(of: .insights).offset == 3)
        #expect(PanelModel.insights(app.state)[5].text == "insight 7")
        #expect(app.state.view(of: .insights).unseen == 3)
        #expect(app.render(app.state.size).lines.contains { $0.contains("Insights 13 · 3 new") })
        _ = press(.character("g"), in: &app)
        #expect(app.state.view(of: .insights) == PanelViewState())
        _ = app.send(.events(insights(2, from: 13)))
        #expect(app.state.view(of: .insights) == PanelViewState())
    }

    @Test("the selection stops at the ends of the list")
    func scrollBounds() {
        var app = TestStates.app(events: insights(5), size: Size(width: 120, height: 40))
        focus(.insights, in: &app)
        _ = press(.character("k"), .up, in: &app)
        #expect(app.state.view(of: .insights).selected == 0)
        _ = press(.character("G"), in: &app)
        #expect(app.state.view(of: .insights).selected == 4)
        _ = press(.pageDown, .character("j"), in: &app)
        #expect(app.state.view(of: .insights).selected == 4)
        _ = press(.pageUp, in: &app)
        #expect(app.state.view(of: .insights).selected == 0)
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
        _ = press(.character("x"), in: &app)
        #expect(app.render(app.state.size).lines.last?.contains("x does nothing here; ? lists the keys") == true)
    }

    /// Sends an action: whether the version moved, and whether the screen drawn (text and
    /// styles, at the state's size) changed.
    private func change(_ action: Action, in app: inout DashboardApp) -> (version: Bool, screen: Bool) {
        let (frame, screen) = (app.frame, app.render(app.state.size))
        _ = app.send(action)
        return (app.frame != frame, app.render(app.state.size) != screen)
    }

    private func stages(_ names: [String]) -> [AnalysisEvent] {
        names.map { AnalysisEvent(.stageStarted, stage: $0) }
    }

    @Test("the view changes version on every visible change, and only then")
    func versions() {
        var app = TestStates.busy(Size(width: 120, height: 40))
        let playing = PlaybackStatus(position: 3, total: 10, time: 1.5)
        let steps: [(action: Action, visible: Bool)] = [
            // The timeline's active bars run to the present, an eighth of a cell at a time.
            (.tick(now: testNow + 83.4), true), (.tick(now: testNow + 84), true),
            (.events([]), false), (.events(insights(1)), true),
            (.key(.up), false), (.key(.tab), true), (.key(.character("p")), true), (.key(.character("p")), true),
            (.connection(.streaming), false), (.connection(.stalled(seconds: 5)), true), (.connection(.stalled(seconds: 5)), false),
            (.playback(playing), true), (.playback(playing), false),
            (.notice("written", isError: false), true), (.notice("written", isError: false), false),
            (.resized(Size(width: 120, height: 40)), false), (.resized(Size(width: 80, height: 24)), true),
            (.key(.character("l")), true), (.events(stages(["a", "b", "c"])), true),
        ]
        for (number, step) in steps.enumerated() {
            let moved = change(step.action, in: &app)
            #expect(moved.screen == step.visible, "step \(number): \(step.action)")
            #expect(moved.version == step.visible, "step \(number): \(step.action)")
        }
        // The clock running on, in tenths: a new version exactly when the screen reads differently.
        var versions = 0
        for tenth in 841...900 {
            let moved = change(.tick(now: testNow + Double(tenth) / 10), in: &app)
            #expect(moved.version == moved.screen, "at +\(Double(tenth) / 10)s")
            if moved.version { versions += 1 }
        }
        #expect(versions >= 5 && versions < 30)
    }

    @Test("a tick within the same second changes no version; one crossing a second does")
    func tickSeconds() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        let start = app.frame
        _ = app.send(.tick(now: testNow + 83.9))
        #expect(app.frame == start)
        #expect(app.state.now == testNow + 83.9)
        _ = app.send(.tick(now: testNow + 84))
        #expect(app.frame != start)
        #expect(app.render(app.state.size).lines[0].contains("00:01:24"))
    }

    @Test("a heartbeat's age and its quiet colour move the version between the clock's seconds")
    func heartbeatAge() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        _ = app.send(.tick(now: testNow + 83.5))
        _ = app.send(.events([AnalysisEvent(.heartbeat)]))
        // The clock reads 00:01:24 throughout; the age goes from 0s to 1s.
        _ = app.send(.tick(now: testNow + 84.2))
        var frame = app.frame
        _ = app.send(.tick(now: testNow + 84.6))
        #expect(app.frame != frame)
        #expect(app.render(app.state.size).lines[0].contains("♥ 1s ago"))
        // At 30 s it reads "30s" and is not yet quiet; a moment later it is, with the same text.
        _ = app.send(.tick(now: testNow + 113.5))
        frame = app.frame
        _ = app.send(.tick(now: testNow + 113.55))
        #expect(app.frame != frame)
        let header = app.render(app.state.size)
        let heart = (0..<header.size.width).first { header[x: $0, y: 0].text == "♥" }
        #expect(heart.map { header[x: $0, y: 0].style.role } == .warning)
    }

    @Test("an active stage's spinner moves the version at each whole second; without one it does not")
    func spinner() {
        // Started half a second past a whole one, so that the clock turns at each half second
        // of the wall clock and the spinner at each whole one.
        func app(stages names: [String]) -> DashboardApp {
            var app = DashboardApp(state: AppState(mode: .demo, now: testNow + 0.5))
            _ = app.send(.resized(Size(width: 120, height: 40)))
            if !names.isEmpty { _ = app.send(.events(stages(names))) }
            _ = app.send(.tick(now: testNow + 84.6))
            return app
        }
        var idle = app(stages: [])
        let idleFrame = idle.frame
        _ = idle.send(.tick(now: testNow + 85.1))
        #expect(idle.frame == idleFrame)

        var busy = app(stages: ["research"])
        #expect(busy.state.shown.stages.first?.status == .active)
        let (frame, before) = (busy.frame, busy.render(busy.state.size))
        _ = busy.send(.tick(now: testNow + 85.1))
        #expect(busy.frame != frame)
        #expect(busy.render(busy.state.size) != before)
        let turned = busy.frame
        _ = busy.send(.tick(now: testNow + 85.4))
        #expect(busy.frame == turned)
    }

    @Test("the events/s figure moving moves the version")
    func eventRate() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        _ = app.send(.tick(now: testNow + 83.1))
        _ = app.send(.events(insights(10)))
        let frame = app.frame
        // The figure is the last whole second's count: it moves when that second is over.
        _ = app.send(.tick(now: testNow + 84.2))
        #expect(app.frame != frame)
        let header = app.render(app.state.size).lines[0]
        #expect(header.contains("/s") && !header.contains(" 0/s"))
    }

    @Test("a key that changes nothing changes no version, nor does repeating the notice on screen")
    func idleKeys() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        focus(.insights, in: &app)
        let start = app.frame
        _ = press(.up, .character("g"), .down, .pageDown, .character("G"), in: &app)
        #expect(app.frame == start)
        #expect(app.state.view(of: .insights) == PanelViewState())
        _ = press(.character("x"), in: &app)
        let shown = app.frame
        #expect(shown != start)
        // Pressed again a moment later: the same notice, shown for longer; nothing to redraw.
        _ = app.send(.tick(now: testNow + 83.4))
        _ = press(.character("x"), in: &app)
        #expect(app.frame == shown)
        #expect(app.state.notice?.until == testNow + 83.4 + AppReducer.noticeDuration)
        #expect(app.render(app.state.size).lines.last?.contains("x does nothing here") == true)
    }

    @Test("a connection or playback status equal to the current one changes no version")
    func repeatedStatus() {
        var app = TestStates.app(.live(host: "h"), size: Size(width: 120, height: 40))
        _ = app.send(.connection(.streaming))
        let streaming = app.frame
        _ = app.send(.connection(.streaming))
        #expect(app.frame == streaming)
        _ = app.send(.connection(.reconnecting(inSeconds: 2, attempt: 1)))
        #expect(app.frame != streaming)
        let reconnecting = app.frame
        _ = app.send(.connection(.reconnecting(inSeconds: 2, attempt: 1)))
        #expect(app.frame == reconnecting)
        _ = app.send(.playback(PlaybackStatus(position: 1)))
        let playing = app.frame
        #expect(playing != reconnecting)
        _ = app.send(.playback(PlaybackStatus(position: 1)))
        #expect(app.frame == playing)
    }

    @Test("a notice expiring on a tick changes the version, even within the clock's second")
    func noticeExpires() {
        var app = TestStates.empty(Size(width: 120, height: 40))
        _ = app.send(.tick(now: testNow + 83.5))
        _ = app.send(.notice("Report written to ./report.md", isError: false))
        _ = app.send(.tick(now: testNow + 88.2))
        #expect(app.state.notice != nil)
        let frame = app.frame
        _ = app.send(.tick(now: testNow + 88.6))
        #expect(app.state.notice == nil)
        #expect(app.frame != frame)
        #expect(app.render(app.state.size).lines.last?.contains("Report written") == false)
    }

    @Test("PgDn and PgUp move the focused panel's selection by the rows inside its frame, as laid out")
    func pages() throws {
        for size in [Size(width: 120, height: 40), Size(width: 80, height: 24), Size(width: 200, height: 60)] {
            var app = TestStates.app(events: insights(200), size: size)
            focus(.insights, in: &app)
            let rect = try #require(app.state.layout.rect(of: .insights))
            let page = rect.height - 2
            #expect(page > 1)
            _ = press(.pageDown, in: &app)
            #expect(app.state.view(of: .insights).selected == page, "\(size)")
            _ = press(.pageDown, in: &app)
            #expect(app.state.view(of: .insights).selected == 2 * page, "\(size)")
            _ = press(.pageUp, in: &app)
            #expect(app.state.view(of: .insights).selected == page, "\(size)")
            // The log shown takes rows from the panels: a page is smaller then.
            _ = press(.character("l"), in: &app)
            focus(.insights, in: &app)
            let smaller = max(1, try #require(app.state.layout.rect(of: .insights)).height - 2)
            #expect(smaller < page)
            _ = press(.pageDown, in: &app)
            #expect(app.state.view(of: .insights).selected == page + smaller, "\(size)")
        }
        // Not a third of the screen, as it used to be.
        let app = TestStates.empty(Size(width: 120, height: 40))
        #expect(app.state.layout.innerHeight(of: .insights) != 40 / 3)
    }

    @Test("the layout in the state follows a resize, the event log and the stages shown")
    func layoutFollows() {
        func solved(_ state: AppState) -> DashboardLayout {
            DashboardLayout(
                size: state.size, showEventLog: state.showEventLog, stageRows: state.shown.stages.count,
                competitorRows: state.shown.competitors.count, zoomed: state.zoomed)
        }
        var app = TestStates.empty(Size(width: 120, height: 40))
        #expect(app.state.layout == solved(app.state))
        #expect(app.state.layout.size == Size(width: 120, height: 40))
        _ = app.send(.resized(Size(width: 80, height: 24)))
        #expect(app.state.layout.size == Size(width: 80, height: 24))
        #expect(app.state.layout == solved(app.state))
        _ = app.send(.key(.character("l")))
        #expect(app.state.layout.visiblePanels.contains(.log))
        #expect(app.state.layout == solved(app.state))
        _ = app.send(.key(.character("l")))
        #expect(!app.state.layout.visiblePanels.contains(.log))
        _ = app.send(.resized(Size(width: 30, height: 8)))
        #expect(app.state.layout.isTooSmall)

        // In two columns the stages panel grows with the runs shown: after events, not while
        // frozen, again after a thaw and a restart.
        _ = app.send(.resized(Size(width: 120, height: 40)))
        let empty = app.state.layout.rect(of: .stages)?.height
        _ = app.send(.events(stages(["a", "b", "c"])))
        #expect(app.state.layout.stageRows == 3)
        #expect(app.state.layout.rect(of: .stages)?.height == 5)
        _ = app.send(.key(.character("p")))
        _ = app.send(.events(stages(["d", "e"])))
        #expect(app.state.layout.stageRows == 3)
        _ = app.send(.key(.character("p")))
        #expect(app.state.layout.stageRows == 5)
        #expect(app.state.layout.rect(of: .stages)?.height == 7)
        #expect(app.state.layout == solved(app.state))
        _ = app.send(.restarted(AnalysisState(), recent: []))
        #expect(app.state.layout.stageRows == 0)
        #expect(app.state.layout.rect(of: .stages)?.height == empty)
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
        #expect(live.send(.key(.character("r"))) == [.feed(.restartAnalysis)])
        #expect(live.state.connection == .connecting)

        var demo = TestStates.empty(Size(width: 80, height: 24))
        #expect(demo.send(.key(.character("r"))).isEmpty)
        #expect(demo.render(demo.state.size).lines.last?.contains("r starts a new live analysis; this is demo") == true)
    }
}
