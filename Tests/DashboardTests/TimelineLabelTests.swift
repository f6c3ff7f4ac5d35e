@testable import Analysis
@testable import Dashboard
import Testing

@Suite("Timeline labels")
struct TimelineLabelTests {
    private let research = StageRun(name: "research_competitor", competitor: "Stryker Spine", status: .active)

    @Test("a label cut to its column keeps what tells its row apart: the stage's name gives way first, then goes")
    func cut() {
        #expect(TimelineLabel.text(research, separator: "·", width: 40, ellipsis: "…") == "research_competitor · Stryker Spine")
        #expect(TimelineLabel.text(research, separator: "·", width: 22, ellipsis: "…") == "resea… · Stryker Spine")
        #expect(TimelineLabel.text(research, separator: "·", width: 15, ellipsis: "…") == "Stryker Spine")
        #expect(TimelineLabel.text(research, separator: "·", width: 8, ellipsis: "…") == "Stryker…")
        let plan = StageRun(name: "plan_queries", status: .done)
        #expect(TimelineLabel.text(plan, separator: "·", width: 6, ellipsis: "…") == "plan_…")
    }
}
