import Analysis
@testable import Dashboard
import Testing

/// The compact layout: at 80×24 the whole run in sight, a row per competitor and the stages
/// as a strip; and every size of one column tiling the body, whatever the number of competitors.
@Suite("The compact layout")
struct CompactLayoutTests {
    @Test("at 80×24, four competitors and ten stage runs: every competitor's row and every stage's glyph")
    func wholeRunInSight() throws {
        let app = TestStates.app(events: compactRunEvents(), size: Size(width: 80, height: 24))
        let state = app.state
        #expect(state.shown.competitors.count == 4)
        #expect(state.shown.stages.count == 10)
        #expect(state.layout.isCompact)
        let grid = app.render(state.size)
        let lines = grid.lines
        let competitors = try #require(state.layout.rect(of: .competitors)?.inset(by: 1))
        for (row, competitor) in state.shown.competitors.enumerated() {
            #expect(lines[competitors.y + row].contains(competitor.name), "\(competitor.name)")
        }
        let strip = try #require(state.layout.rect(of: .stages)?.inset(by: 1))
        let glyphs = Glyphs.forOptions(state.options)
        for (index, stage) in state.shown.stages.enumerated() {
            let cell = grid[x: strip.x + index, y: strip.y]
            switch stage.status {
            case .done: #expect(cell.text == glyphs.done && cell.style.role == .ok, "stage \(index)")
            case .failed: #expect(cell.text == glyphs.failed && cell.style.role == .error, "stage \(index)")
            case .active: #expect(glyphs.spinner.contains(cell.text) && cell.style.role == .accent, "stage \(index)")
            case .pending, .interrupted: Issue.record("stage \(index) is \(stage.status)")
            }
        }
        // The first active or failed stage is named beside the glyphs.
        let named = try #require(state.shown.stages.first { $0.status == .active || $0.status == .failed })
        #expect(lines[strip.y].contains(" " + named.name + (named.competitor.map { " · \($0)" } ?? "")))
        #expect(state.shown.stages.contains { $0.status == .active })
    }

    /// Every rect of a layout inside its body, none overlapping, together covering it.
    private func tiles(_ layout: DashboardLayout) -> Bool {
        let rects = layout.panels.map(\.rect)
        let body = layout.body
        let inside = rects.allSatisfy { $0.x >= body.x && $0.y >= body.y && $0.maxX <= body.maxX && $0.maxY <= body.maxY && $0.width >= 0 && $0.height >= 0 }
        let area = rects.reduce(0) { $0 + $1.width * $1.height }
        let overlap = rects.indices.contains { a in
            rects.indices.contains { b in
                a < b && max(rects[a].x, rects[b].x) < min(rects[a].maxX, rects[b].maxX) && max(rects[a].y, rects[b].y) < min(rects[a].maxY, rects[b].maxY)
            }
        }
        return inside && !overlap && area == body.width * body.height
    }

    @Test("every size from 40×12 to 109×40 with 0 to 12 competitors tiles the body without overlap")
    func everySizeTiles() {
        for width in 40...109 {
            for height in 12...40 {
                for competitors in 0...12 {
                    for (stages, log, model) in [(0, false, false), (10, false, false), (10, true, true), (30, false, true)] {
                        let layout = DashboardLayout(
                            size: Size(width: width, height: height), showEventLog: log, stageRows: stages, showModel: model, competitorRows: competitors)
                        #expect(!layout.isTooSmall)
                        #expect(tiles(layout), "\(width)×\(height), \(competitors) competitors, \(stages) stages, log \(log), model \(model)")
                        #expect(layout.body == Rect(x: 0, y: 2, width: width, height: height - 3))
                        if layout.isCompact {
                            #expect(layout.rect(of: .stages)?.height == 3, "\(width)×\(height)")
                        }
                    }
                }
            }
        }
    }

    @Test("drawn compact at every height, a competitor a row and the strip never crash nor spill", arguments: [40, 64, 80, 109])
    func drawsCompact(width: Int) {
        let base = TestStates.app(events: compactRunEvents(), size: Size(width: 80, height: 24)).state
        for height in 0...40 {
            var state = base
            _ = AppReducer.reduce(&state, .resized(Size(width: width, height: height)))
            let grid = DashboardView.render(state, size: state.size)
            #expect(grid.lines.count == height)
            #expect(grid.lines.allSatisfy { TextWidth.of($0) == width })
        }
    }
}
