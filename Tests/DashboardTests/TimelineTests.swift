import Analysis
@testable import Dashboard
import Foundation
import OutputFormats
import Testing

/// The timeline: its scale (the time window, column ↔ time, ticks) and its panel drawn as text.
@Suite("Timeline")
struct TimelineTests {
    static let start = 1_795_537_000.0

    /// The panel drawn alone over a whole grid of `size`.
    static func render(_ state: AppState, _ size: Size) -> [String] {
        let glyphs = Glyphs.forOptions(state.options)
        var grid = Grid(size: size, ellipsis: glyphs.ellipsis)
        TimelinePanel.panel(state, glyphs: glyphs).draw(state, in: Rect(size), grid: &grid, glyphs: glyphs)
        return grid.lines
    }

    /// A replay of a run whose research on one competitor failed, drawn the ASCII way if asked.
    static func failed(_ size: Size, ascii: Bool = false) -> AppState {
        var app = DashboardApp(state: AppState(mode: .replay(file: "ref-node-error.sse"), options: DisplayOptions(ascii: ascii), now: testNow))
        _ = app.send(.resized(size))
        _ = app.send(.events(sampleEvents("ref-node-error.sse")))
        _ = app.send(.tick(now: testNow + 83))
        return app.state
    }

    /// Rows written as (row, how many times it repeats).
    static func rows(_ runs: (String, Int)...) -> [String] {
        runs.flatMap { Array(repeating: $0.0, count: $0.1) }
    }

    // MARK: - Scale

    @Test("the scale re-scales as the run grows, a step at a time, and the present moves across it")
    func rescalesAsTheRunGrows() {
        var lengths: [Double] = []
        var previous: TimelineScale?
        for seconds in stride(from: 0.0, through: 900, by: 0.25) {
            let scale = TimelineScale(start: Self.start, now: Self.start + seconds, barX: 25, barWidth: 100)
            #expect(scale.length >= seconds && scale.length < seconds + scale.step + 1e-6, "at \(seconds)s")
            let steps = scale.length / scale.step
            #expect(abs(steps - steps.rounded()) < 1e-6, "a whole number of steps at \(seconds)s")
            #expect(scale.present == scale.position(of: Self.start + seconds))
            if let previous, previous.length == scale.length { #expect(scale.present >= previous.present) }
            lengths.append(scale.length)
            previous = scale
        }
        #expect(lengths == lengths.sorted())
        #expect(Set(lengths).count > 20)
        // The same run fitted to a wider panel keeps its span: only the columns change.
        let narrow = TimelineScale(start: Self.start, now: Self.start + 83, barX: 0, barWidth: 54)
        let wide = TimelineScale(start: Self.start, now: Self.start + 83, barX: 0, barWidth: 163)
        #expect(narrow.presentColumn == 49 && wide.presentColumn == 159)
        #expect(narrow.length == 90 && wide.length == 85)
    }

    @Test("a column's time falls in that column, and outside the bar area there is none")
    func columnTimeRoundTrip() throws {
        for width in [1, 2, 7, 54, 163] {
            for span in [0, 0.001, 0.25, 83, 3_601, 36_000] {
                let scale = TimelineScale(start: Self.start, now: Self.start + span, barX: 25, barWidth: width)
                for x in 25..<25 + width {
                    let time = try #require(scale.time(atColumn: x))
                    #expect(scale.column(of: time) == x - 25, "column \(x) of \(width), \(span)s")
                }
                #expect(scale.time(atColumn: 24) == nil)
                #expect(scale.time(atColumn: 25 + width) == nil)
            }
        }
        #expect(TimelineScale(start: Self.start, now: Self.start + 5, barX: 3, barWidth: 0).time(atColumn: 3) == nil)
        // Times outside the window fall on its edges.
        let scale = TimelineScale(start: Self.start, now: Self.start + 60, barX: 0, barWidth: 40)
        #expect(scale.column(of: Self.start - 1_000) == 0 && scale.column(of: Self.start + 1e6) == 39)
        #expect(scale.column(of: .nan) == 0 && scale.column(of: .infinity) == 39)
    }

    @Test("tick labels never collide nor leave the bar area, at any width and span")
    func ticksNeverCollide() {
        let spans: [Double] = [0, 0.001, 0.01, 0.3, 0.999, 1, 1.5, 7, 59, 61, 83, 600, 3_599, 3_601, 36_000, 1e6, 3e11, .nan, -5]
        for span in spans {
            for width in 0...220 {
                let scale = TimelineScale(start: Self.start, now: Self.start + span, barX: 10, barWidth: width)
                var free = 0
                for tick in scale.ticks {
                    #expect(tick.column >= free, "\(tick.label) at \(tick.column), \(span)s on \(width)")
                    free = tick.column + TextWidth.of(tick.label) + 1
                    #expect(free - 1 <= width)
                }
                if width >= 2 { #expect(scale.ticks.first == TimelineScale.Tick(column: 0, label: "0s")) }
            }
        }
    }

    @Test("a run of no time, of a millisecond, and of ten hours")
    func extremeSpans() {
        let none = TimelineScale(start: Self.start, now: Self.start, barX: 0, barWidth: 150)
        #expect(none.length == 0.001 && none.present == 0)
        #expect(none.ticks == [.init(column: 0, label: "0s"), .init(column: 147, label: "1ms")])

        let millisecond = TimelineScale(start: 0, now: 0.001, barX: 0, barWidth: 150)
        #expect(millisecond.step == 0.001 && millisecond.length == 0.001 && millisecond.present == 1_200)
        #expect(millisecond.ticks.map(\.label) == ["0s", "1ms"])

        let tenHours = TimelineScale(start: Self.start, now: Self.start + 36_000, barX: 0, barWidth: 150)
        #expect(tenHours.step == 3_600 && tenHours.length == 36_000 && tenHours.presentColumn == 149)
        #expect(tenHours.ticks.map(\.label) == ["0s"] + (1...9).map { "\($0):00:00" })
    }

    @Test("axis labels read in the run's own units")
    func axisLabels() {
        #expect([0, 30, 59.9, 60, 90, 3_599, 3_600, 36_000].map { DurationText.axis($0) }
            == ["0s", "30s", "59s", "1:00", "1:30", "59:59", "1:00:00", "10:00:00"])
        #expect(DurationText.axis(0, decimals: 2) == "0s")
        #expect(DurationText.axis(0.25, decimals: 2) == "250ms")
        #expect(DurationText.axis(0.001, decimals: 3) == "1ms")
        #expect(DurationText.axis(1.5, decimals: 1) == "1.5s")
        #expect(DurationText.axis(0.1 + 0.2, decimals: 1) == "300ms")
    }

    @Test("the present: a live run's last event plus the time since; a replay's or a finished run's last event")
    func present() throws {
        let busy = TestStates.busy(Size(width: 80, height: 24)).state
        let last = try #require(busy.shown.lastEventAt?.seconds)
        #expect(TimelineScale.present(of: busy) == last + 83)
        var stopped = TestStates.busy(Size(width: 80, height: 24))
        _ = stopped.send(.connection(.failed("gone")))
        #expect(TimelineScale.present(of: stopped.state) == last)
        let finished = TestStates.finished(Size(width: 80, height: 24)).state
        #expect(TimelineScale.present(of: finished) == finished.shown.lastEventAt?.seconds)
        #expect(TimelineScale.present(of: TestStates.empty(Size(width: 80, height: 24)).state) == nil)
    }

    // MARK: - Panel

    @Test("an empty run, a busy one, a finished one and a failed one, at 80×24")
    func rows80x24() {
        let size = Size(width: 80, height: 24)
        #expect(Self.render(TestStates.empty(size).state, size) == Self.rows(
            ("┌─ Timeline 0/0 done " + String(repeating: "─", count: 58) + "┐", 1),
            ("│no stages yet" + String(repeating: " ", count: 65) + "│", 1),
            ("│" + String(repeating: " ", count: 78) + "│", 21),
            ("└" + String(repeating: "─", count: 78) + "┘", 1)
        ))
        #expect(Self.render(TestStates.busy(size).state, size) == Self.busy80x24)
        #expect(Self.render(TestStates.finished(size).state, size) == Self.finished80x24)
        #expect(Self.render(Self.failed(size), size) == Self.failed80x24)
    }

    @Test("a busy run, a finished one and a failed one, at 200×60")
    func rows200x60() {
        let size = Size(width: 200, height: 60)
        #expect(Self.render(TestStates.busy(size).state, size) == Self.busy200x60)
        #expect(Self.render(TestStates.finished(size).state, size) == Self.finished200x60)
        #expect(Self.render(Self.failed(size), size) == Self.failed200x60)
    }

    @Test("under --ascii, nothing but ASCII")
    func ascii() {
        let size = Size(width: 80, height: 24)
        let lines = Self.render(Self.failed(size, ascii: true), size)
        #expect(lines == Self.asciiFailed80x24)
        #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }

    @Test("t zooms it over the body of the dashboard, and the time texts follow its present")
    func zoomedAndTicked() throws {
        var app = TestStates.busy(Size(width: 120, height: 40))
        _ = app.send(.key(.character("t")))
        let screen = app.render(Size(width: 120, height: 40)).lines
        #expect(screen.contains { $0.contains("Timeline 1/3 done, 1 failed") })
        #expect(screen.contains { $0.contains("0s───") && $0.contains("1:20") })
        let before = try #require(TimeTexts(app.state).timeline)
        _ = app.send(.tick(now: testNow + 83.001))
        #expect(TimeTexts(app.state).timeline == before)
        _ = app.send(.tick(now: testNow + 90))
        // Past 1:30 the run outgrows the axis: it re-scales, and the present moves with it.
        let after = try #require(TimeTexts(app.state).timeline)
        #expect(after.length > before.length && after != before)
    }

    @Test("the selected row is shown when the panel has the focus, and kept in view")
    func selection() {
        var state = TestStates.finished(Size(width: 80, height: 24)).state
        state.focus = .timeline
        state.panels[.timeline, default: PanelViewState()].selected = 2
        let glyphs = Glyphs.unicode
        var grid = Grid(size: Size(width: 80, height: 24))
        TimelinePanel.panel(state, glyphs: glyphs).draw(state, in: Rect(grid.size), grid: &grid, glyphs: glyphs)
        #expect(grid[x: 1, y: 3].style == .selection && grid[x: 1, y: 2].style != .selection)
        #expect(TimelinePanel.firstRow(offset: 0, selected: 30, visible: 10, count: 40) == 21)
        #expect(TimelinePanel.firstRow(offset: 12, selected: 5, visible: 10, count: 40) == 5)
        #expect(TimelinePanel.firstRow(offset: 50, selected: 50, visible: 0, count: 40) == 39)
    }

    @Test("every rect from 0×0 to 30×10 draws inside itself, for every kind of run")
    func everyRect() {
        let size = Size(width: 30, height: 10)
        let states = [
            TestStates.empty(size).state, TestStates.busy(size).state, TestStates.finished(size).state, Self.failed(size),
            Self.failed(size, ascii: true), TestStates.langGraph(size).state,
        ]
        for state in states {
            let glyphs = Glyphs.forOptions(state.options)
            let panel = TimelinePanel.panel(state, glyphs: glyphs)
            for width in 0...30 {
                for height in 0...10 {
                    let rect = Rect(x: 3, y: 2, width: width, height: height)
                    var grid = Grid(size: Size(width: 36, height: 14))
                    panel.draw(state, in: rect, grid: &grid, glyphs: glyphs)
                    let outside = (0..<14).allSatisfy { y in
                        (0..<36).allSatisfy { x in
                            (x >= rect.x && x < rect.maxX && y >= rect.y && y < rect.maxY) || grid[x: x, y: y] == .blank
                        }
                    }
                    #expect(outside, "\(width)×\(height)")
                    #expect(TimelineScale(state, panel: rect).map { $0.barX + $0.barWidth <= rect.maxX } ?? true)
                }
            }
        }
    }

    // MARK: - Pinned rows

    static let busy80x24 = rows(
        ("┌─ Timeline 1/3 done, 1 failed ────────────────────────────────────────────────┐", 1),
        ("│plan_queries            ▏                                                │    │", 1),
        ("│resear… · Stryker Spine █████████████████████████████████████████████████▉    │", 1),
        ("│research_c… · Medtronic ▏✗                                               │    │", 1),
        ("│                                                                         │    │", 18),
        ("│                        0s────10s───20s───30s───40s───50s───1:00──1:10──1:20──│", 1),
        ("└──────────────────────────────────────────────────────────────────────────────┘", 1),
    )

    static let finished80x24 = rows(
        ("┌─ Timeline 5/5 done ──────────────────────────────────────────────────────────┐", 1),
        ("│plan_queries            ▏                                                │    │", 1),
        ("│resear… · Stryker Spine ████████████████████████████████████████████████▋│    │", 1),
        ("│research_c… · Medtronic ████████████████████████████████████████████████▋│    │", 1),
        ("│analyze_findings                                                        █│    │", 1),
        ("│synthesize_report                                                        ▏    │", 1),
        ("│                                                                         │    │", 16),
        ("│                        0s────────50ms───────100ms──────150ms──────200ms─250ms│", 1),
        ("└──────────────────────────────────────────────────────────────────────────────┘", 1),
    )

    static let failed80x24 = rows(
        ("┌─ Timeline 1/3 done, 1 failed ────────────────────────────────────────────────┐", 1),
        ("│plan_queries            ████████▎                                         │   │", 1),
        ("│resear… · Stryker Spine         ██████████████████████████████████████████▏   │", 1),
        ("│research_c… · Medtronic         ████████▏✗                                │   │", 1),
        ("│                                                                          │   │", 18),
        ("│                        0s────────────────1ms───────────────2ms────────────3ms│", 1),
        ("└──────────────────────────────────────────────────────────────────────────────┘", 1),
    )

    static let busy200x60 = rows(
        ("┌─ Timeline 1/3 done, 1 failed ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┐", 1),
        ("│plan_queries                        ▏                                                                                                                                                             │   │", 1),
        ("│research_competitor · Stryker Spine ██████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████▍   │", 1),
        ("│research_competitor · Medtronic     ▏✗                                                                                                                                                            │   │", 1),
        ("│                                                                                                                                                                                                  │   │", 54),
        ("│                                    0s───────5s────────10s──────15s───────20s──────25s───────30s──────35s───────40s──────45s───────50s──────55s───────1:00─────1:05──────1:10─────1:15──────1:20──1:25│", 1),
        ("└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘", 1),
    )

    static let finished200x60 = rows(
        ("┌─ Timeline 5/5 done ──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┐", 1),
        ("│plan_queries                        ▋                                                                                                                                                               │ │", 1),
        ("│research_competitor · Stryker Spine ██████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████▊ │ │", 1),
        ("│research_competitor · Medtronic     ██████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████▊ │ │", 1),
        ("│analyze_findings                                                                                                                                                                                  ██│ │", 1),
        ("│synthesize_report                                                                                                                                                                                   ▏ │", 1),
        ("│                                                                                                                                                                                                    │ │", 52),
        ("│                                    0s─────10ms───20ms───30ms───40ms───50ms───60ms───70ms───80ms───90ms───100ms──110ms──120ms──130ms──140ms──150ms──160ms──170ms──180ms──190ms──200ms──210ms──220ms───│", 1),
        ("└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘", 1),
    )

    static let failed200x60 = rows(
        ("┌─ Timeline 1/3 done, 1 failed ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┐", 1),
        ("│plan_queries                        █████████████████████████                                                                                                                             │           │", 1),
        ("│research_competitor · Stryker Spine                          █████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████████▌           │", 1),
        ("│research_competitor · Medtronic                               ██████████████████████▍✗                                                                                                    │           │", 1),
        ("│                                                                                                                                                                                          │           │", 54),
        ("│                                    0s────────────────────────────────────────────────────1ms───────────────────────────────────────────────────2ms────────────────────────────────────────────────3ms│", 1),
        ("└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘", 1),
    )

    static let asciiFailed80x24 = rows(
        ("+- Timeline 1/3 done, 1 failed ------------------------------------------------+", 1),
        ("|plan_queries            ########                                          |   |", 1),
        ("|resear~ | Stryker Spine         ##########################################|   |", 1),
        ("|research_c~ | Medtronic         ########x                                 |   |", 1),
        ("|                                                                          |   |", 18),
        ("|                        0s----------------1ms---------------2ms------------3ms|", 1),
        ("+------------------------------------------------------------------------------+", 1),
    )
}
