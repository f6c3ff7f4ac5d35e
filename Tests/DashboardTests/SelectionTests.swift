import Analysis
@testable import Dashboard
import Testing

/// The selection in a panel: where it sits as items arrive, how far keys move it, and that
/// what is drawn always includes it, whole.
@Suite("Selection in the panels")
struct SelectionTests {
    @Test("at the top the selection follows the newest item; moved away it stays on its item as items arrive")
    func followsThenStays() {
        var app = TestStates.app(events: insightEvents(4), size: Size(width: 120, height: 40))
        app.focus(.insights)
        _ = app.send(.events(insightEvents(2, from: 4)))
        #expect(app.state.view(of: .insights).selected == 0)
        #expect(app.selectedRows(of: .insights).contains { $0.contains("insight 5") })

        _ = app.press(.down, .down)
        #expect(app.selectedRows(of: .insights).contains { $0.contains("insight 3") })
        _ = app.send(.events(insightEvents(3, from: 6)))
        let view = app.state.view(of: .insights)
        #expect(view.selected == 5)
        #expect(view.unseen == 3)
        #expect(PanelModel.insights(app.state)[view.selected].text == "insight 3")
        #expect(app.selectedRows(of: .insights).contains { $0.contains("insight 3") })
        #expect(!app.selectedRows(of: .insights).contains { $0.contains("insight 8") })
    }

    @Test("only the focused panel paints its selection")
    func onlyFocusedPaints() {
        var app = TestStates.app(events: insightEvents(3), size: Size(width: 120, height: 40))
        app.focus(.insights)
        #expect(!app.selectedRows(of: .insights).isEmpty)
        app.focus(.sources)
        #expect(app.selectedRows(of: .insights).isEmpty)
    }

    /// Insights whose text wraps to several rows at a narrow width, each ending in a word of its own.
    private func longInsights(_ count: Int) -> [AnalysisEvent] {
        (0..<count).map { number in
            insightEvent((0..<24).map { "w\(number)x\($0)" }.joined(separator: " ") + " end\(number)")
        }
    }

    @Test("G selects the oldest item and scrolls until all of its rows are drawn", arguments: [
        Size(width: 50, height: 40), Size(width: 64, height: 40), Size(width: 120, height: 40),
    ])
    func bottomIsDrawnWhole(size: Size) throws {
        var app = TestStates.app(events: longInsights(12), size: size)
        app.focus(.insights)
        _ = app.press(.character("G"))
        let view = app.state.view(of: .insights)
        #expect(view.selected == 11)
        let inside = try #require(app.state.layout.rect(of: .insights)?.inset(by: 1))
        let rows = PanelModel.rows(of: .insights, at: 11, width: inside.width, height: inside.height, in: app.state)
        #expect(rows > 2, "the test needs insights of several rows at \(size)")
        try #require(rows <= inside.height, "the oldest insight must fit the panel at \(size)")
        let selected = app.selectedRows(of: .insights)
        #expect(selected.count == rows, "\(size)")
        // Its heading, and its last row, are on screen: the oldest insight is "insight 0".
        #expect(selected.last?.contains("end0") == true, "\(size): \(selected)")
        // Scrolled no further than needed: the rows above the selection are used.
        let above = (view.offset..<11).reduce(0) { $0 + PanelModel.rows(of: .insights, at: $1, width: inside.width, height: inside.height, in: app.state) }
        #expect(above + rows <= inside.height)
        #expect(above + rows + PanelModel.rows(of: .insights, at: view.offset - 1, width: inside.width, height: inside.height, in: app.state) > inside.height)
    }

    @Test("moving down one at a time keeps every selected insight whole on screen")
    func stepDownStaysInSight() throws {
        var app = TestStates.app(events: longInsights(10), size: Size(width: 50, height: 40))
        app.focus(.insights)
        let inside = try #require(app.state.layout.rect(of: .insights)?.inset(by: 1))
        for index in 1..<10 {
            _ = app.press(.down)
            #expect(app.state.view(of: .insights).selected == index)
            let rows = PanelModel.rows(of: .insights, at: index, width: inside.width, height: inside.height, in: app.state)
            let selected = app.selectedRows(of: .insights)
            #expect(selected.count == rows, "item \(index)")
            #expect(selected.last?.contains("end\(9 - index)") == true, "item \(index): \(selected)")
        }
        _ = app.press(.character("g"))
        #expect(app.state.view(of: .insights) == PanelViewState())
    }

    @Test("a filter puts the selection back at the top of what it shows")
    func filterResetsSelection() {
        var app = TestStates.app(events: insightEvents(20), size: Size(width: 120, height: 40))
        app.focus(.insights)
        _ = app.press(.character("G"))
        #expect(app.state.view(of: .insights).selected == 19)
        _ = app.press(.character("/"))
        app.type("insight 1")
        _ = app.press(.enter)
        // "insight 1" and "insight 10" … "insight 19": 11 shown, the newest selected.
        #expect(PanelModel.itemCount(of: .insights, in: app.state) == 11)
        #expect(app.state.view(of: .insights).selected == 0)
        #expect(app.state.view(of: .insights).offset == 0)
        #expect(app.selectedRows(of: .insights).contains { $0.contains("insight 19") })
    }

    @Test("a restart (a replay seeking back) puts every selection back at the top, following")
    func restartResets() {
        var app = TestStates.app(events: insightEvents(20), size: Size(width: 120, height: 40))
        app.focus(.insights)
        _ = app.press(.character("G"))
        var fewer = AnalysisState()
        for event in insightEvents(3) { fewer.reduce(event) }
        _ = app.send(.restarted(fewer, recent: []))
        #expect(app.state.view(of: .insights) == PanelViewState())
        #expect(app.selectedRows(of: .insights).contains { $0.contains("insight 2") })
    }
}
