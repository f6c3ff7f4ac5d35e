import Analysis
import Dashboard
import Testing

/// The competitors and stages a hostile stream named past the state's limits are said, not hidden.
@Suite("Counted but not shown")
struct CardinalityPanelTests {
    private static let size = Size(width: 120, height: 40)
    static let events = (0..<250).map { AnalysisEvent(.progressUpdate, competitor: "C\($0)") }
        + (0..<450).map { AnalysisEvent(.stageStarted, stage: "s\($0)") }

    @Test("the panels' titles count what has no row")
    func panels() {
        let screen = TestStates.app(events: Self.events, size: Self.size).render(Self.size).lines
        #expect(screen.contains { $0.contains("0/200 finished (50 more not shown)") }, "\(screen.joined(separator: "\n"))")
        #expect(screen.contains { $0.contains("400/400 done (50 more not shown)") }, "\(screen.joined(separator: "\n"))")
    }
}
