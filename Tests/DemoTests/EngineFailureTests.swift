import Analysis
import GraphEngine
import Testing

@testable import Demo

@Suite("Engine failure")
struct EngineFailureTests {
    @Test("a failed graph run ends the events with an error naming the failed node")
    func failureBecomesTheLastEvent() throws {
        var sequencer = EventSequencer(
            identity: RunIdentity(seed: 1), startTime: DemoOptions.defaultStartTime, competitorCount: 2)
        let started = AnalysisEvent(.stageStarted, stage: "research_competitor", competitor: "B")
        for (lane, at) in [(1, 300), (0, 700)] {
            sequencer.add(TimedEvent(
                at: at, lane: lane, sequence: 0, stage: .researchCompetitor, event: started, stageProgress: 0))
        }
        let failure = GraphRunError.nodeFailed(node: "research_competitor", errorType: "TimeoutError", message: "boom")

        let scheduled = sequencer.fail(failure)

        #expect(scheduled.map(\.at) == [300, 700, 700])
        let last = try #require(scheduled.last?.event)
        #expect(last.errorReport == ErrorReport(message: failure.description, errorType: "TimeoutError"))
        #expect(last.stage == "research_competitor")
        #expect(last.sessionID == RunIdentity(seed: 1).sessionID)
        #expect(last.timestamp == Timestamp(seconds: DemoOptions.defaultStartTime.seconds + 0.7))
    }
}
