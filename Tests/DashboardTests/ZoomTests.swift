@testable import Dashboard
import Testing

/// `z` zooms the focused panel over the body, `t` the timeline, `v` the pipeline; the same
/// key or Esc goes back. What the timeline and pipeline draw is their own tests' business:
/// here only that the right panel takes the body, framed with its title.
@Suite("Zooming a panel, the timeline and the pipeline")
struct ZoomTests {
    private func title(_ panel: Panel, in app: DashboardApp) -> Bool {
        app.render(app.state.size).lines[app.state.layout.body.y].contains(panel.title)
    }

    @Test("z zooms the focused panel over the whole body, and back", arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func zoomFocused(size: Size) {
        var app = TestStates.app(events: insightEvents(100), size: size)
        let normal = app.state.layout
        app.focus(.insights)
        _ = app.press(.character("z"))
        #expect(app.state.zoomed == .insights)
        #expect(app.state.layout.visiblePanels == [.insights])
        #expect(app.state.layout.rect(of: .insights) == app.state.layout.body)
        #expect(title(.insights, in: app))
        // A bigger panel: a page is the body's rows now.
        _ = app.press(.pageDown)
        #expect(app.state.view(of: .insights).selected == app.state.layout.body.height - 2)
        _ = app.press(.character("z"))
        #expect(app.state.zoomed == nil)
        #expect(app.state.layout == normal)
        #expect(app.state.focus == .insights)
    }

    @Test("t shows the timeline and v the pipeline over the body, focused; the same key or Esc goes back",
          arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func views(size: Size) {
        var app = TestStates.busy(size)
        for (key, panel) in [("t", Panel.timeline), ("v", .graph)] {
            _ = app.press(.character(Character(key)))
            #expect(app.state.zoomed == panel, "\(key)")
            #expect(app.state.focus == panel, "\(key)")
            #expect(app.state.layout.visiblePanels == [panel], "\(key)")
            #expect(title(panel, in: app), "\(key)")
            _ = app.press(.character(Character(key)))
            #expect(app.state.zoomed == nil, "\(key)")
            #expect(app.state.layout.visiblePanels.contains(app.state.focus), "\(key) at \(size)")
        }
        _ = app.press(.character("t"), .character("v"))
        #expect(app.state.zoomed == .graph)
        _ = app.press(.escape)
        #expect(app.state.zoomed == nil)
        #expect(app.state.layout.visiblePanels.contains(app.state.focus))
    }

    @Test("back from the timeline at 80×24, where it has no place, focus returns to the competitors")
    func backWithoutPlace() {
        var app = TestStates.busy(Size(width: 80, height: 24))
        #expect(!app.state.layout.visiblePanels.contains(.timeline))
        _ = app.press(.character("t"), .character("t"))
        #expect(app.state.focus == .competitors)
    }
}
