@testable import Analysis
import EventStream
import Foundation
import Testing
import TestSupport

private func reduced(_ events: [AnalysisEvent], limits: AnalysisState.Limits = .init()) -> AnalysisState {
    var state = AnalysisState(limits: limits)
    for event in events { state.reduce(event) }
    return state
}

@Suite("Reducer")
struct ReducerTests {
    @Test("a whole recorded run: completed, every competitor researched, sources and insights counted")
    func recordedRun() throws {
        let state = try replay(sample: "ref-default.sse")
        #expect(state.isCompleted)
        #expect(state.completion?.reason == .finalProgress)
        #expect(state.progress == 1)
        #expect(state.session.id == "d6741b78-3130-4c74-901a-6047d3d92348")
        #expect(state.competitors.map(\.name) == ["Stryker Spine", "Medtronic"])
        #expect(state.competitors.map(\.progress) == [1, 1])
        #expect(state.competitors.map(\.sources) == [23, 17])
        #expect(state.competitors.map(\.insights) == [1, 1])
        #expect(state.sources.total == 40)
        #expect(state.insights.items.count == 2)
        #expect(state.stages.map(\.name) == ["plan_queries", "research_competitor", "research_competitor", "analyze_findings", "synthesize_report"])
        #expect(state.stages.allSatisfy { $0.status == .done })
        #expect(state.eventCounts.total == 28)
        #expect(state.diagnostics.isEmpty)
        #expect(state.report?["total_sources"] == .number(40))
    }

    @Test("a failing node: its stage fails, the error is kept, the run is not complete")
    func nodeError() throws {
        let state = try replay(sample: "ref-node-error.sse")
        #expect(!state.isCompleted)
        #expect(state.errors.items.count == 2)
        #expect(state.errors.items.first?.competitor == "Medtronic")
        #expect(state.stages.first { $0.competitor == "Medtronic" }?.status == .failed)
        #expect(state.competitor(named: "Medtronic")?.errors == 1)
    }

    @Test("bad input in a stream: diagnostics with line numbers, unknown types counted, the rest reduced")
    func invalidAndUnknown() throws {
        let state = try replay(sample: "ref-invalid-unknown.sse")
        #expect(state.eventCounts["competitor_merged"] == 1)
        #expect(state.eventCounts["malformed"] == 1)
        #expect(state.diagnostics.items.map(\.line) == [7])
        #expect(state.isCompleted)
        #expect(state.insights.items.count == 2)
    }

    @Test("a competitor's bar follows progress only until the server sends competitor_progress")
    func competitorProgressFallback() {
        var state = reduced([
            AnalysisEvent(.progressUpdate, competitor: "A", progress: 0.1),
            AnalysisEvent(.progressUpdate, competitor: "A", progress: 0.2),
        ])
        #expect(state.competitor(named: "A")?.progress == 0.2)
        state.reduce(AnalysisEvent(.sourcesFound(SourcesFound(count: 1)), competitor: "A", progress: 0.3, competitorProgress: 0.5))
        state.reduce(AnalysisEvent(.insightGenerated(Insight(text: "x")), competitor: "A", progress: 0.9))
        #expect(state.competitor(named: "A")?.progress == 0.5)
        #expect(state.progress == 0.9)
        state.reduce(AnalysisEvent(.stageCompleted(durationMs: 5), stage: "research_competitor", competitor: "A"))
        #expect(state.competitor(named: "A")?.progress == 1)
    }

    @Test("progress may go backwards (a refinement round) and is shown as sent")
    func backwardsProgress() {
        let state = reduced([
            AnalysisEvent(.progressUpdate, competitor: "A", progress: 0.8, competitorProgress: 0.9),
            AnalysisEvent(.progressUpdate, competitor: "A", progress: 0.6, competitorProgress: 0.4),
        ])
        #expect(state.progress == 0.6)
        #expect(state.competitor(named: "A")?.progress == 0.4)
    }

    @Test("stages: in order of appearance, pending for competitors not there yet, done when the pipeline moves on")
    func stageLifecycle() {
        var state = reduced([
            AnalysisEvent(.stageStarted, stage: "plan"),
            AnalysisEvent(.progressUpdate, stage: "plan", competitor: "A"),
            AnalysisEvent(.progressUpdate, stage: "plan", competitor: "B"),
            AnalysisEvent(.stageStarted, stage: "research", competitor: "A"),
        ])
        #expect(state.stages.map { "\($0.name)/\($0.competitor ?? "-")/\($0.status)" } == [
            "plan/-/done", "research/A/active", "research/B/pending",
        ])
        state.reduce(AnalysisEvent(.stageStarted, stage: "research", competitor: "B"))
        state.reduce(AnalysisEvent(.error(ErrorReport(message: "quota")), stage: "research", competitor: "B"))
        state.reduce(AnalysisEvent(.stageCompleted(durationMs: 1200), stage: "research", competitor: "A"))
        state.reduce(AnalysisEvent(.stageStarted, stage: "report"))
        #expect(state.stages.map { "\($0.name)/\($0.competitor ?? "-")/\($0.status)" } == [
            "plan/-/done", "research/A/done", "research/B/failed", "report/-/active",
        ])
        #expect(state.stages[1].durationMs == 1200)
        state.reduce(AnalysisEvent(.analysisCompleted(summary: "ok")))
        #expect(state.stages.last?.status == .done)
        #expect(state.summary == "ok")
        #expect(state.completion?.reason == .analysisCompleted)
    }

    @Test("an event inside a stage that never started shows the stage running")
    func implicitStage() {
        let state = reduced([AnalysisEvent(.searchStarted(query: "q"), stage: "research", competitor: "A")])
        #expect(state.stages.map(\.status) == [.active])
    }

    @Test("competitors moving between stages find the same rows as a reducer that looks every row up afresh")
    func stageRunsFoundAgain() {
        var random = SeededGenerator(state: 13)
        let stages = ["plan", "search", "analyze", "write", "review"]
        let competitors: [String?] = ["Acme", "Globex", "Initech", nil]
        let events = (0..<3_000).map { _ -> AnalysisEvent in
            let stage = stages.randomElement(using: &random)!
            let competitor = competitors.randomElement(using: &random)!
            return switch Int.random(in: 0..<4, using: &random) {
            case 0: AnalysisEvent(.stageStarted, stage: stage, competitor: competitor)
            case 1: AnalysisEvent(.stageCompleted(durationMs: 5), stage: stage, competitor: competitor)
            case 2: AnalysisEvent(.searchStarted(query: "q"), stage: stage, competitor: competitor)
            default: AnalysisEvent(.progressUpdate, stage: stage, competitor: competitor, progress: 0.5)
            }
        }
        var cached = AnalysisState()
        var afresh = AnalysisState()
        for event in events {
            cached.reduce(event)
            for index in afresh.competitors.indices { afresh.competitors[index].stagesWithRows = [] }
            afresh.reduce(event)
        }
        #expect(cached.stages == afresh.stages)
        #expect(cached.competitors.map(\.stage) == afresh.competitors.map(\.stage))
        #expect(cached.stages.count > 10)
    }

    @Test("the seed servers' last event completes the run; a competitor's progress of 1 does not")
    func completionByFinalProgress() {
        #expect(!reduced([AnalysisEvent(.progressUpdate, competitor: "A", progress: 1)]).isCompleted)
        #expect(reduced([AnalysisEvent(.progressUpdate, stage: "complete", progress: 1)]).isCompleted)
    }

    @Test("a new session id starts a fresh run and says so")
    func sessionChange() {
        let state = reduced([
            AnalysisEvent(.sourcesFound(SourcesFound(count: 5)), sessionID: "one", competitor: "A", progress: 0.5),
            AnalysisEvent(.progressUpdate, sessionID: "one", progress: 1),
            AnalysisEvent(.stageStarted, sessionID: "two", stage: "plan", progress: 0),
        ])
        #expect(state.session.id == "two")
        #expect(state.session.count == 2)
        #expect(!state.isCompleted)
        #expect(state.competitors.isEmpty)
        #expect(state.sources.total == 0)
        #expect(state.eventCounts.total == 3)
        #expect(state.notices.items.count == 1)
        #expect(state.notices.last?.contains("two") == true)
    }

    @Test("sources: total from count, previews newest first and once per URL")
    func sources() {
        let previews = (0..<5).map { SourcePreview(title: "t\($0)", url: "https://x.example/\($0 % 3)") }
        let state = reduced([
            AnalysisEvent(.sourcesFound(SourcesFound(count: 10, previews: Array(previews[0..<3]))), competitor: "A"),
            AnalysisEvent(.sourcesFound(SourcesFound(count: 4, previews: Array(previews[3..<5]))), competitor: "B"),
        ])
        #expect(state.sources.total == 14)
        #expect(state.sources.uniqueURLs == 3)
        #expect(state.sources.previews.newestFirst.map(\.title) == ["t2", "t1", "t0"])
        #expect(state.sources.previews.items.allSatisfy { $0.competitor == "A" })
        #expect(state.competitor(named: "B")?.sources == 4)
    }

    @Test("a preview whose URL is changed after it was made counts by its new URL")
    func changedSourceURL() {
        var changed = SourcePreview(title: "moved", url: "https://x.example/old")
        changed.url = "https://x.example/new"
        let state = reduced([
            AnalysisEvent(.sourcesFound(SourcesFound(count: 1, previews: [SourcePreview(title: "old", url: "https://x.example/old")]))),
            AnalysisEvent(.sourcesFound(SourcesFound(count: 1, previews: [changed]))),
            AnalysisEvent(.sourcesFound(SourcesFound(count: 1, previews: [SourcePreview(title: "again", url: "https://x.example/new")]))),
        ])
        #expect(state.sources.uniqueURLs == 2)
        #expect(state.sources.previews.newestFirst.map(\.title) == ["moved", "old"])
    }

    @Test("heartbeats only mark liveness")
    func heartbeat() {
        let state = reduced([AnalysisEvent(.heartbeat, timestamp: Timestamp(seconds: 42), progress: 0.5)])
        #expect(state.lastHeartbeat == Timestamp(seconds: 42))
        #expect(state.progress == 0)
        #expect(state.eventCounts["heartbeat"] == 1)
    }

    @Test("fields with problems become diagnostics at the event's line; the event still counts")
    func problemsBecomeDiagnostics() {
        let state = reduced([AnalysisEvent(.progressUpdate, progress: 0.5, line: 12, problems: ["count should be a number"])])
        #expect(state.diagnostics.items == [Diagnostic(line: 12, message: "progress_update: count should be a number", sequence: 1)])
        #expect(state.progress == 0.5)
    }

    @Test("endless streams keep a bounded state and count what they let go")
    func boundedMemory() {
        var limits = AnalysisState.Limits()
        limits.insights = 100
        limits.sourcePreviews = 10
        limits.errors = 5
        limits.diagnostics = 5
        limits.eventTypes = 3
        var state = AnalysisState(limits: limits)
        for index in 0..<20_000 {
            state.reduce(AnalysisEvent(.insightGenerated(Insight(text: "i\(index)")), competitor: "C\(index % 4)"))
            state.reduce(AnalysisEvent(.sourcesFound(SourcesFound(count: 1, previews: [SourcePreview(title: "s", url: "u\(index)")]))))
            state.reduce(AnalysisEvent(.error(ErrorReport(message: "e"))))
            state.reduce(AnalysisEvent(.malformed(reason: "bad")))
            state.reduce(AnalysisEvent(.unknown(type: "u\(index % 10)")))
        }
        #expect(state.insights.items.count == 100)
        #expect(state.insights.dropped == 19_900)
        #expect(state.insights.items.last?.text == "i19999")
        #expect(state.sources.previews.items.count == 10)
        #expect(state.errors.items.count == 5)
        #expect(state.diagnostics.total == 20_000)
        #expect(state.eventCounts[EventCounts.otherTypes] == 14_000)
        #expect(state.competitors.count == 4)
        #expect(state.competitors.map(\.insights) == [5000, 5000, 5000, 5000])
    }

    @Test("total: random bytes and random envelopes never stop the reducer")
    func totality() {
        var random = SeededGenerator(state: 5)
        var state = AnalysisState()
        let fragments = [#"{"type":"#, #""sources_found""#, #""error""#, #","data":{"#, #""progress":"#, "1.5", "-3", #""competitor":"#,
                         #""A""#, "null", "[", "]", "{", "}", ",", #""sources":[{"url":"#, #""stage":"#, "\"x\"", "\u{1B}"]
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in fragments.randomElement(using: &random)! }.joined()
            state.reduce(.decode(json: text))
            let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            state.reduce(.decode(SSEEvent(dataBytes: bytes)))
        }
        #expect(state.eventCounts.total == 10_000)
        #expect((0...1).contains(state.progress))
    }
}

@Suite("Unique URL counter")
struct UniqueCounterTests {
    @Test("exact up to its limit, then an estimate within a few percent, in bounded memory")
    func counting() {
        var counter = UniqueCounter()
        var allNew = true
        for index in 0..<UniqueCounter.exactLimit { allNew = counter.insert("https://x.example/\(index)") && allNew }
        #expect(allNew)
        let repeatIsNew = counter.insert("https://x.example/0")
        #expect(!repeatIsNew)
        #expect(counter.count == UniqueCounter.exactLimit)
        #expect(!counter.isEstimate)
        for index in 0..<200_000 { counter.insert("https://x.example/\(index)") }
        #expect(counter.isEstimate)
        #expect(abs(Double(counter.count) - 200_000) / 200_000 < 0.05)
    }
}
