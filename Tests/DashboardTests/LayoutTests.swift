import Analysis
@testable import Dashboard
import Testing

@Suite("Layout and drawing at every size")
struct LayoutTests {
    /// Every width from 0 to 300 at heights around the limits, and every height from 0 to 80 at
    /// widths around them: where layouts break (tui-logger#60: an overflow near 25 columns).
    static let sizes: [Size] = [0, 1, 11, 12, 24].flatMap { height in (0...300).map { Size(width: $0, height: height) } }
        + [0, 1, 39, 40, 109, 110, 300].flatMap { width in (0...80).map { Size(width: width, height: $0) } }

    @Test("every size draws without a crash, inside the grid, panels tiling the body")
    func everySize() {
        let busy = TestStates.busy(Size(width: 120, height: 40)).state
        for size in Self.sizes {
            let (width, height) = (size.width, size.height)
            do {
                for showLog in [false, true] {
                    var state = busy
                    if showLog { _ = AppReducer.reduce(&state, .key(.character("l"))) }
                    _ = AppReducer.reduce(&state, .resized(size))
                    let grid = DashboardView.render(state, size: size)
                    #expect(grid.lines.count == height)
                    #expect(grid.lines.allSatisfy { TextWidth.of($0) == width })
                    let layout = state.layout
                    #expect(layout == DashboardLayout(
                        size: size, showEventLog: showLog, stageRows: state.shown.stages.count,
                        competitorRows: state.shown.competitors.count))
                    let area = layout.panels.reduce(0) { $0 + $1.rect.width * $1.rect.height }
                    if !layout.isTooSmall {
                        #expect(area == width * (height - 3), "\(width)×\(height)")
                    }
                }
            }
        }
    }

    @Test("a screen of another size than the state was told of is laid out for that size")
    func otherSize() {
        let busy = TestStates.busy(Size(width: 120, height: 40))
        for size in [Size(width: 80, height: 24), Size(width: 200, height: 60), Size(width: 110, height: 30), Size(width: 30, height: 8)] {
            var resized = busy
            _ = resized.send(.resized(size))
            #expect(busy.render(size) == resized.render(size), "\(size)")
            #expect(busy.state.layout.size == Size(width: 120, height: 40))
        }
    }

    @Test("wide characters and combining marks take their true width, and cuts end in an ellipsis")
    func widths() {
        #expect(TextWidth.of("日本") == 4)
        #expect(TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.of("👍🏽") == 2)
        #expect(TextWidth.of("⚠") == 1)
        #expect(TextWidth.of("⚠\u{FE0F}") == 2)
        #expect(TextWidth.of("✅") == 2)
        #expect(TextWidth.truncate("日本語テキスト", to: 7) == "日本語…")
        #expect(TextWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(TextWidth.truncate("👩‍💻👩‍💻👩‍💻", to: 5) == "👩‍💻👩‍💻…")
        var grid = Grid(size: Size(width: 6, height: 1))
        grid.write("ab日本語", x: 0, y: 0)
        #expect(grid.lines == ["ab日… "])
        grid.write("x", x: 3, y: 0)
        #expect(grid.lines == ["ab x… "])
    }

    @Test("hostile text from the stream is drawn as plain characters")
    func hostileText() {
        let events = [AnalysisEvent.decode(json: #"{"type":"sources_found","data":{"competitor":"\u001b]0;x\u0007Evil\u001b[2J","count":1,"sources":[{"title":"\u009b31mred","url":"https://x.example"}]}}"#)]
        let app = TestStates.app(events: events, size: Size(width: 120, height: 40))
        let text = app.render(app.state.size).lines.joined()
        #expect(text.contains("Evil"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }
}
