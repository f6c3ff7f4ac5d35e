import Analysis
@testable import Dashboard

/// Driving a dashboard in tests as a user would: keys, a focus set directly, and reading back
/// what the focused panel paints as its selection.
extension DashboardApp {
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { send(.key($0)) }
    }

    mutating func type(_ text: String) {
        for character in text { _ = send(.key(.character(character))) }
    }

    /// Focuses a panel without going through Tab (whose order depends on the layout).
    mutating func focus(_ panel: Panel) {
        var state = state
        state.focus = panel
        self = DashboardApp(state: state)
    }

    /// The rows of a panel, as drawn at the state's size, whose first inner cell carries the
    /// selection's style: the rows of the selected item.
    func selectedRows(of panel: Panel) -> [String] {
        guard let inside = state.layout.rect(of: panel)?.inset(by: 1), inside.width > 0 else { return [] }
        let grid = render(state.size)
        let lines = grid.lines
        return (inside.y..<inside.maxY).filter { grid[x: inside.x, y: $0].style.role == .selection }.map { lines[$0] }
    }
}

/// An insight of competitor "A", as the stream would send it.
func insightEvent(_ text: String, title: String? = nil, sources: [String] = []) -> AnalysisEvent {
    AnalysisEvent(.insightGenerated(Insight(text: text, title: title, competitor: "A", sources: sources)), competitor: "A")
}

/// `count` insights of one row of text each, "insight <n>" from `start`.
func insightEvents(_ count: Int, from start: Int = 0) -> [AnalysisEvent] {
    (start..<start + count).map { insightEvent("insight \($0)") }
}

/// Four competitors and ten stage runs, as the demo has mid-run: too many for one column at
/// 80×24, so the layout is compact there; the last one still going.
func compactRunEvents() -> [AnalysisEvent] {
    let competitors = ["Medtronic", "Stryker Spine", "Globus Medical", "NuVasive"]
    var events = [AnalysisEvent(.stageStarted, stage: "plan"), AnalysisEvent(.stageCompleted(durationMs: 900), stage: "plan")]
    for competitor in competitors {
        events.append(AnalysisEvent(.stageStarted, stage: "research_competitor", competitor: competitor, message: "searching the web"))
    }
    events.append(AnalysisEvent(.stageCompleted(durationMs: 4000), stage: "research_competitor", competitor: "Medtronic"))
    events.append(AnalysisEvent(.error(ErrorReport(message: "quota")), stage: "research_competitor", competitor: "NuVasive"))
    for stage in ["analyze", "compare", "score", "summarize"] {
        events += [AnalysisEvent(.stageStarted, stage: stage), AnalysisEvent(.stageCompleted(durationMs: 100), stage: stage)]
    }
    return events + [AnalysisEvent(.stageStarted, stage: "report")]
}
