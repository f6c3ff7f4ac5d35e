import Analysis
@testable import Dashboard
import EventStream
import Feeds
import Foundation
import JSON
@testable import Live
@testable import streamtop
import Testing
import TestSupport

/// The batch fallback: a batch endpoint's final result fills the panels and the summary as
/// the stream would have, and says that the view is not live.
@Suite("Batch fallback")
struct BatchFallbackTests {
    static let competitors = ["Stryker Spine", "Medtronic"]
    static let query = "competitors=Stryker%20Spine&competitors=Medtronic&focus_area=spinal%20implants"

    static func connect(_ server: SeedServer) async throws -> ChildProcess.Result {
        try await ChildProcess.streamtop(
            ["connect", server.baseURL] + competitors.flatMap { ["--competitor", $0] } + ["--focus-area", "spinal implants", "--summary", "json"]
        )
    }

    static func summary(_ result: ChildProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// The panels' figures of a summary, to compare a batch result with the stream's.
    static func figures(_ summary: [String: Any]) -> [String] {
        let competitors = (summary["competitors"] as? [[String: Any]] ?? []).map { competitor in
            "\(competitor["name"] ?? "") \(competitor["sources"] ?? "") src \(competitor["insights"] ?? "") ins"
        }
        let insights = (summary["insights"] as? [[String: Any]] ?? []).map { insight in
            ["title", "text", "competitor", "category", "confidence"].map { "\(insight[$0] ?? "-")" }.joined(separator: " | ")
        }
        let sources = summary["sources"] as? [String: Any] ?? [:]
        return competitors + insights + ["\(sources["total"] ?? "") sources, \(sources["unique_urls"] ?? "") unique"]
    }

    @Test("interop: a FastAPI server without streaming: its batch result fills the summary as its stream would have, and says it is not live")
    func seedServerSummary() async throws {
        let batch = try await SeedServer(noStreaming: true)
        defer { batch.stop() }
        let stream = try await SeedServer()
        defer { stream.stop() }
        let result = try await Self.connect(batch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("streamtop: not live: the final result from \(batch.baseURL)/api/analysis?\(Self.query)"))
        let summary = try Self.summary(result)
        #expect(summary["completed"] as? Bool == true)
        #expect(summary["live"] as? Bool == false)
        #expect((summary["session_id"] as? String).flatMap(UUID.init(uuidString:)) != nil)
        let competitors = try #require(summary["competitors"] as? [[String: Any]])
        #expect(competitors.map { $0["name"] as? String } == Self.competitors)
        #expect(competitors.map { $0["sources"] as? Int } == [10, 10])
        #expect(competitors.map { $0["insights"] as? Int } == [1, 1])
        #expect(competitors.map { $0["progress"] as? Double } == [1, 1])
        let insights = try #require(summary["insights"] as? [[String: Any]])
        #expect(insights.map { $0["text"] as? String } == Self.competitors.map { "\($0) leads in spinal implants" })
        #expect(insights.map { $0["competitor"] as? String } == Self.competitors)
        #expect(insights.map { $0["confidence"] as? Double } == [0.9, 0.8])
        #expect(insights.map { $0["category"] as? String } == ["market_position", "market_position"])
        #expect(((summary["events"] as? [String: Any])?["by_type"] as? [String: Any])?["search_started"] as? Int == 4)
        #expect(summary["summary"] as? String == "2 competitors analysed for spinal implants: 4 searches, 20 sources, 2 insights")
        #expect(summary["diagnostics_total"] as? Int == 0)

        let streamed = try await Self.connect(stream)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(Self.figures(summary) == Self.figures(try Self.summary(streamed)))
    }

    @Test("the dashboard shows the batch result: competitors with their counts, insights, sources, and a header that says not live")
    func dashboard() async throws {
        let server = try await SeedServer(noStreaming: true)
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + "/api/analysis/stream?" + Self.query)))
        var app = DashboardApp(state: AppState(mode: .live(host: "127.0.0.1:\(server.port)"), now: 0))
        _ = app.send(.resized(Size(width: 120, height: 40)))
        _ = app.send(.events(record.items.map(\.event)))
        for status in record.statuses { _ = app.send(.connection(status)) }

        #expect(PanelModel.competitors(app.state).count == 2)
        #expect(PanelModel.insights(app.state).count == 2)
        #expect(PanelModel.sources(app.state).count == 12)
        #expect(app.state.analysis.session.id != nil)
        #expect(app.state.analysis.isCompleted)
        let screen = app.render(app.state.size).lines
        #expect(screen[0].contains("not live: the final result from"))
        #expect(screen.contains { $0.contains("Stryker Spine") && $0.contains("10 src 1 ins") })
        #expect(screen.contains { $0.contains("Medtronic") && $0.contains("10 src 1 ins") })
        #expect(screen.contains { $0.contains("Medtronic leads in spinal implants") })
    }

    @Test("a batch result larger than the view keeps: the newest insights shown, and a notice says what was left out")
    func largeResult() async throws {
        let insights = (1...600).map { #"{"insight": "insight \#($0)", "competitor": "A"}"# }.joined(separator: ",")
        let result = #"{"session_id": "s", "competitors": ["A"], "insights": [\#(insights)]}"#
        let server = try await TestServer { request, _ in
            request.path.hasPrefix("/api/analysis/stream")
                ? .init(status: .notFound, headers: [("Content-Type", "text/plain")], steps: [.send("no streaming here")])
                : .init(headers: [("Content-Type", "application/json")], steps: [.send(result)])
        }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + "/api/analysis/stream")))
        let state = record.state
        #expect(state.insights.items.count == AnalysisState.Limits().insights)
        #expect(state.insights.items.last?.text == "insight 600")
        #expect(state.isCompleted)
        #expect(record.notices.last == "the batch result holds more than the view keeps: the oldest 100 of its 600 insights are not shown")
        guard case .notLive(let reason) = record.last else {
            Issue.record("expected not live, got \(String(describing: record.last))")
            return
        }
        #expect(reason.hasPrefix("not live: the final result from \(server.baseURL)/api/analysis; streaming is unavailable (HTTP 404"))
    }

    @Test("the summary of a batch result says live: false, after its completion; a stream's does not")
    func summaryMarking() throws {
        let (events, _) = try BatchFallback.events(body: Array(#"{"summary":"done"}"#.utf8), contentType: "application/json")
        var printer = SummaryPrinter()
        printer.print(events.map { FeedItem(event: AnalysisEvent.decode($0)) })
        printer.show(.connecting)
        #expect(printer.document(incomplete: false)["live"] == nil)
        printer.show(.notLive("not live: the final result from somewhere"))
        guard case .object(let document) = printer.document(incomplete: true) else {
            Issue.record("the summary is not an object")
            return
        }
        let keys = document.members.map(\.key)
        #expect(document["live"] == .bool(false))
        #expect(keys.firstIndex(of: "live") == keys.firstIndex(of: "incomplete").map { $0 + 1 })
    }

    // MARK: - Translation

    /// The state after the events of a batch answer, decoded and reduced as a live session does.
    private func told(_ json: String, limits: AnalysisState.Limits = AnalysisState.Limits()) throws -> (state: AnalysisState, events: [AnalysisEvent], leftOut: String?) {
        let answer = try BatchFallback.events(body: Array(json.utf8), contentType: "application/json", limits: limits)
        let events = answer.events.enumerated().map { AnalysisEvent.decode($1, line: $0 + 2) }
        var state = AnalysisState(limits: limits)
        for event in events { state.reduce(event) }
        return (state, events, answer.leftOut)
    }

    @Test("a result object becomes the stream's events: the session opened, each competitor's searches and sources, insights, the end")
    func translation() throws {
        let (state, events, leftOut) = try told("""
            {"session_id": "s-1", "request_id": "r-1", "status": "completed", "competitors": ["A", "B"], "focus_area": "robotics",
             "report": {"summary": "two looked at", "competitors": {
               "A": {"searches": [{"query": "A robotics", "sources_found": 4, "top_sources": [{"title": "a1", "url": "https://a/1"}]}],
                     "sources_found": 6, "insights": 1},
               "B": {"searches": ["B robotics", "B pricing"], "sources_found": 3}}},
             "insights": [{"title": "A leads", "summary": "A leads in robotics", "confidence": 0.7, "competitor": "A", "category": "market"}],
             "research_results_count": 12, "started_at": "2024-01-01T12:00:00Z", "completed_at": "2024-01-01T12:05:00Z"}
            """)
        #expect(events.map(\.type) == [
            "progress_update", "search_started", "sources_found", "sources_found", "progress_update",
            "search_started", "search_started", "sources_found", "progress_update", "sources_found", "insight_generated",
            "analysis_completed",
        ])
        #expect(events.allSatisfy { $0.problems.isEmpty })
        #expect(events[0].message == "Final result from the batch endpoint (focus area: robotics; 2 competitors)")
        #expect(state.session.id == "s-1" && state.session.requestID == "r-1" && state.session.count == 1)
        #expect(state.competitors.map(\.name) == ["A", "B"])
        #expect(state.competitors.map(\.sources) == [6, 3])
        #expect(state.competitors.map(\.insights) == [1, 0])
        #expect(state.competitors.map(\.progress) == [1, 1])
        #expect(state.sources.total == 12)
        #expect(state.sources.previews.items.map(\.title) == ["a1"])
        #expect(state.insights.items == [Insight(text: "A leads in robotics", title: "A leads", category: "market", confidence: 0.7, competitor: "A")])
        #expect(state.summary == "two looked at")
        #expect(state.report?["session_id"] == .string("s-1"))
        #expect(state.completion?.reason == .analysisCompleted)
        #expect(state.firstEventAt == Timestamp(iso8601: "2024-01-01T12:00:00Z"))
        #expect(state.lastEventAt == Timestamp(iso8601: "2024-01-01T12:05:00Z"))
        #expect(leftOut == nil)
    }

    @Test("numbers as strings, text as numbers, members streamtop does not know: read as a streamed event's are")
    func looseTypes() throws {
        let (state, events, _) = try told("""
            {"session_id": 42, "competitors": [{"name": "A", "hq": "x"}, 7], "focus_area": 3, "extra": {"deep": [1, 2]},
             "report": {"competitors": {"A": {"searches": "2", "sources_found": "5", "rank": 1}}},
             "insights": [{"insight": "cheap", "confidence": "0.75", "competitor": 7, "category": 9}], "research_results_count": "8"}
            """)
        #expect(state.session.id == "42")
        #expect(state.competitors.map(\.name) == ["A", "7"])
        #expect(state.competitors.map(\.sources) == [5, 0])
        #expect(state.competitors.map(\.insights) == [0, 1])
        #expect(state.eventCounts["search_started"] == 2)
        #expect(state.sources.total == 8)
        #expect(state.insights.items == [Insight(text: "cheap", category: "9", confidence: 0.75, competitor: "7")])
        #expect(events[0].message == "Final result from the batch endpoint (focus area: 3; 2 competitors)")
        #expect(state.diagnostics.isEmpty)
    }

    @Test("missing fields: an empty result is a completed run with nothing in it; a summary alone is its summary and the result its report")
    func missingFields() throws {
        let empty = try told("{}")
        #expect(empty.events.map(\.type) == ["progress_update", "analysis_completed"])
        #expect(empty.state.isCompleted)
        #expect(empty.state.competitors.isEmpty && empty.state.insights.isEmpty && empty.state.sources.total == 0)
        #expect(empty.state.session.id == nil)
        #expect(empty.state.diagnostics.isEmpty)

        let summary = try told(#"{"summary": "all done", "competitors": ["A"]}"#)
        #expect(summary.state.summary == "all done")
        #expect(summary.state.report?["competitors"] == .array([.string("A")]))
        #expect(summary.state.competitors.map(\.name) == ["A"])
        let fromReport = try told(#"{"report": "the whole report"}"#)
        #expect(fromReport.state.summary == "the whole report")
    }

    @Test("insights as strings, in the stream's shape or as insight objects, alone or listed; nulls skipped, junk noted")
    func insightShapes() throws {
        let (state, _, _) = try told("""
            {"insights": ["plain", null, {"insight": {"title": "T", "summary": "nested"}, "competitor": "A", "confidence": 0.5},
                          {"text": "as text", "competitor": "B"}, {"description": "described", "title": "D"}, [1]]}
            """)
        #expect(state.insights.items.map(\.text) == ["plain", "nested", "as text", "described", "(no text)"])
        #expect(state.insights.items.map(\.competitor) == [nil, "A", "B", nil, nil])
        #expect(state.insights.items[1].confidence == 0.5)
        #expect(state.competitors.map(\.name) == ["A", "B"])
        #expect(state.competitors.map(\.insights) == [1, 1])
        #expect(state.diagnostics.total == 2)
        let alone = try told(#"{"insights": "just one"}"#)
        #expect(alone.state.insights.items.map(\.text) == ["just one"])
    }

    @Test("report sections as a list naming their competitor, or under the competitor's name in the report")
    func sectionShapes() throws {
        let listed = try told(#"{"report": {"competitors": [{"competitor": "A", "sources_found": 2}, {"name": "B", "searches": 1}, "junk"]}}"#)
        #expect(listed.state.competitors.map(\.name) == ["A", "B"])
        #expect(listed.state.competitors.map(\.sources) == [2, 0])
        #expect(listed.state.eventCounts["search_started"] == 1)
        let byName = try told(#"{"competitors": ["A"], "report": {"A": {"sources_found": 4}}}"#)
        #expect(byName.state.competitors.map(\.sources) == [4])
    }

    @Test("huge lists are cut to the state's limits, the newest kept, with the totals whole and a note of what was left out")
    func bounded() throws {
        var limits = AnalysisState.Limits()
        limits.insights = 3
        limits.sourcePreviews = 4
        let search = #"{"query": "q", "sources_found": 2, "top_sources": [{"title": "t", "url": "https://x/1"}, {"title": "u", "url": "https://x/2"}, {"title": "v", "url": "https://x/3"}, {"title": "w", "url": "https://x/4"}, {"title": "z", "url": "https://x/5"}]}"#
        let insights = (1...10).map { #"{"summary": "insight \#($0)", "competitor": "A"}"# }.joined(separator: ",")
        let (state, events, leftOut) = try told("""
            {"competitors": ["A", "B"], "research_results_count": 30,
             "report": {"competitors": {"A": {"searches": [\(Array(repeating: search, count: 5).joined(separator: ","))]},
                                        "B": {"searches": [\(Array(repeating: search, count: 3).joined(separator: ","))]}}},
             "insights": [\(insights)]}
            """, limits: limits)
        #expect(state.eventCounts["search_started"] == 4)
        #expect(state.competitors.map(\.sources) == [10, 6])
        #expect(state.sources.total == 30)
        #expect(events.allSatisfy { event in
            if case .sourcesFound(let found) = event.kind { found.previews.count <= 4 } else { true }
        })
        #expect(state.insights.items.map(\.text) == ["insight 8", "insight 9", "insight 10"])
        #expect(state.insights.dropped == 0)
        #expect(leftOut == "the batch result holds more than the view keeps: the oldest 7 of its 10 insights and the oldest 4 of its searches (their sources are counted) are not shown")

        let counted = try told(#"{"competitors": ["A"], "report": {"A": {"searches": 1e12, "sources_found": "5"}}}"#, limits: limits)
        // The opening, four searches, the sources they did not account for, the competitor's end, the end.
        #expect(counted.events.count == 1 + 4 + 1 + 1 + 1)
        #expect(counted.state.competitors.map(\.sources) == [5])

        let previews = (1...6).map { #"{"title": "p\#($0)", "url": "https://p/\#($0)"}"# }.joined(separator: ",")
        let uncounted = try told(#"{"competitors": ["C"], "report": {"C": {"searches": [{"query": "c", "top_sources": [\#(previews)]}]}}}"#, limits: limits)
        #expect(uncounted.state.competitors.map(\.sources) == [6])
        #expect(uncounted.state.sources.previews.items.map(\.title) == ["p3", "p4", "p5", "p6"])
    }

    @Test("a result whose status is not completed arrives as an error, not as a completion")
    func notCompleted() throws {
        let failed = try told(#"{"status": "failed", "error": "search quota exceeded", "competitors": ["A"]}"#)
        #expect(!failed.state.isCompleted)
        #expect(failed.state.errors.items.map(\.message) == ["search quota exceeded"])
        #expect(failed.state.competitors.map(\.progress) == [0])
        #expect(failed.state.report?["status"] == .string("failed"))
        let running = try told(#"{"status": "running"}"#)
        #expect(running.state.errors.items.map(\.message) == [#"the batch result's status is "running", not completed"#])
        #expect(try told(#"{"status": "SUCCESS"}"#).state.isCompleted)
    }

    @Test("text from a result is cleaned as a streamed event's is, and a session id of the wrong kind is noted once")
    func untrusted() throws {
        let (state, _, _) = try told(#"""
            {"session_id": {"id": 1}, "competitors": ["\u001b[31mEvil\u001b[0m"], "focus_area": "\u001b]0;title\u0007x",
             "insights": ["\u202eright\u009b2J"], "summary": "ok\u001b[2J"}
            """#)
        #expect(state.competitors.map(\.name) == ["Evil"])
        #expect(state.insights.items.map(\.text) == ["right"])
        #expect(state.summary == "ok")
        #expect(state.diagnostics.items.map(\.message) == ["progress_update: metadata.session_id should be a string, not object"])
    }
}
