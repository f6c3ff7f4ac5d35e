@testable import Analysis
import EventStream
import JSON
import Testing

@Suite("Envelope decoder")
struct EnvelopeDecoderTests {
    private func decode(_ json: String, event name: String = "message") -> AnalysisEvent {
        AnalysisEvent.decode(json: json, eventName: name, line: 7, arrival: Timestamp(seconds: 100))
    }

    @Test("reads every field of every known type")
    func knownTypes() {
        let meta = #""metadata":{"session_id":"s1","request_id":"r1"}"#
        let started = decode(#"{"type":"stage_started","timestamp":"2024-01-01T12:00:00Z","data":{"stage":"research_competitor","competitor":"Acme","progress":0.3,"message":"go"},"# + meta + "}")
        #expect(started == AnalysisEvent(
            .stageStarted, timestamp: Timestamp(seconds: 1_704_110_400), sessionID: "s1", requestID: "r1",
            stage: "research_competitor", competitor: "Acme", progress: 0.3, message: "go", line: 7
        ))
        #expect(decode(#"{"type":"stage_completed","data":{"stage":"x","duration_ms":1500}}"#).kind == .stageCompleted(durationMs: 1500))
        #expect(decode(#"{"type":"search_started","data":{"query":"q"}}"#).kind == .searchStarted(query: "q"))
        let found = decode(#"{"type":"sources_found","data":{"count":7,"query":"q","sources":[{"title":"T","url":"https://a.example/1","content":"C","score":0.9,"published_date":"2025-01-02"},{"url":"https://b.example"}]}}"#)
        #expect(found.kind == .sourcesFound(SourcesFound(count: 7, previews: [
            SourcePreview(title: "T", url: "https://a.example/1", snippet: "C", score: 0.9, publishedDate: "2025-01-02"),
            SourcePreview(title: "https://b.example", url: "https://b.example"),
        ], query: "q")))
        #expect(decode(#"{"type":"heartbeat","timestamp":"2024-01-01T12:00:00Z"}"#).kind == .heartbeat)
        #expect(decode(#"{"type":"analysis_completed","data":{"summary":"done","report":{"a":1}}}"#)
            == AnalysisEvent(.analysisCompleted(summary: "done"), timestamp: Timestamp(seconds: 100), report: .object(JSONObject([("a", .number(1))])), line: 7))
        #expect(decode(#"{"type":"error","data":{"error":"boom happened","error_type":"RuntimeError","stage":"s"}}"#).kind
            == .error(ErrorReport(message: "boom happened", errorType: "RuntimeError")))
    }

    @Test("insights: a string, an object, or text beside")
    func insights() {
        #expect(decode(#"{"type":"insight_generated","data":{"insight":"plain","competitor":"A","confidence":0.5}}"#).kind
            == .insightGenerated(Insight(text: "plain", confidence: 0.5, competitor: "A")))
        #expect(decode(#"{"type":"insight_generated","data":{"insight":{"title":"T","summary":"S","category":"c","confidence":0.7,"competitor":"B","sources":["u1","u2"]}}}"#).kind
            == .insightGenerated(Insight(text: "S", title: "T", category: "c", confidence: 0.7, competitor: "B", sources: ["u1", "u2"])))
        #expect(decode(#"{"type":"insight_generated","data":{"text":"beside","category":"pricing"}}"#).kind
            == .insightGenerated(Insight(text: "beside", category: "pricing")))
        let empty = decode(#"{"type":"insight_generated","data":{"message":"fallback"}}"#)
        #expect(empty.kind == .insightGenerated(Insight(text: "fallback")))
        #expect(empty.problems == ["insight_generated without insight text"])
    }

    @Test("unknown types are kept by name")
    func unknownType() {
        let event = decode(#"{"type":"competitor_merged","data":{"progress":0.4}}"#)
        #expect(event.kind == .unknown(type: "competitor_merged"))
        #expect(event.progress == 0.4)
        #expect(decode(#"{"type":"malformed"}"#).kind == .unknown(type: "malformed"))
    }

    @Test("the SSE event name is the type when the JSON has none (LangGraph servers)")
    func eventNameAsType() {
        let langGraphError = decode(#"{"error":"RuntimeError","message":"Simulated failure"}"#, event: "error")
        #expect(langGraphError.kind == .error(ErrorReport(message: "Simulated failure", errorType: "RuntimeError")))
        // LangGraph's own modes are read by name (GraphEventTests); a payload of no use is counted by it.
        #expect(decode(#"{"run_id":"1","attempt":1}"#, event: "metadata").kind
            == .graph(GraphEvent(name: "metadata", part: .runStarted(runID: "1"))))
        #expect(decode(#"[1,2]"#, event: "messages").kind == .unknown(type: "messages"))
        #expect(decode(#"{"type":"progress_update"}"#, event: "custom").kind == .progressUpdate)
    }

    @Test("input that is not an event becomes a diagnostic with its line", arguments: [
        (#"{"type": "progress_update", "data": {"message": "truncated"#, "not JSON"),
        ("hello", "not JSON"),
        (#"{"data":{"stage":"x"}}"#, "JSON without a \"type\""),
        ("[1,2,3]", "JSON that is not an object"),
        ("", "not JSON"),
    ])
    func malformed(input: String, reason: String) {
        let event = decode(input)
        guard case .malformed(let message) = event.kind else {
            Issue.record("expected a diagnostic, got \(event.kind)")
            return
        }
        #expect(message.hasPrefix(reason))
        #expect(event.line == 7)
        #expect(event.timestamp == Timestamp(seconds: 100))
    }

    @Test("a field of the wrong type is dropped with a note; the rest of the event is kept")
    func wrongFieldTypes() {
        let event = decode(#"{"type":"sources_found","data":{"competitor":42,"progress":"0.5","competitor_progress":"lots","count":"3","sources":{"oops":1},"message":["x"],"stage":"research"}}"#)
        #expect(event.competitor == "42")
        #expect(event.progress == 0.5)
        #expect(event.competitorProgress == nil)
        #expect(event.message == nil)
        #expect(event.stage == "research")
        #expect(event.kind == .sourcesFound(SourcesFound(count: 3)))
        #expect(event.problems.count == 3)
        #expect(event.problems.contains { $0.hasPrefix("competitor_progress should be a number") })
        #expect(event.problems.contains("sources should be an array"))
        #expect(event.problems.contains("message should be a string, not array"))
    }

    @Test("progress outside 0…1 is clamped", arguments: [(1.7, 1.0), (-0.2, 0.0), (0.25, 0.25)])
    func clamping(sent: Double, kept: Double) {
        #expect(decode(#"{"type":"progress_update","data":{"progress":\#(sent),"competitor_progress":\#(sent)}}"#).progress == kept)
        #expect(decode(#"{"type":"progress_update","data":{"competitor_progress":\#(sent)}}"#).competitorProgress == kept)
    }

    @Test("timestamps: ISO 8601 in its common spellings, epoch numbers, and arrival time when missing")
    func timestamps() {
        let noon = 1_704_110_400.0
        for text in ["2024-01-01T12:00:00Z", "2024-01-01T12:00:00+00:00", "2024-01-01T13:00:00+01:00", "2024-01-01 12:00:00",
                     "2024-01-01T12:00:00.000000"] {
            #expect(decode(#"{"type":"heartbeat","timestamp":"\#(text)"}"#).timestamp == Timestamp(seconds: noon), "\(text)")
        }
        #expect(decode(#"{"type":"heartbeat","timestamp":1704110400}"#).timestamp == Timestamp(seconds: noon))
        #expect(decode(#"{"type":"heartbeat","timestamp":1704110400000}"#).timestamp == Timestamp(seconds: noon))
        #expect(decode(#"{"type":"heartbeat"}"#).timestamp == Timestamp(seconds: 100))
        // Written with an escape, the same text is read the slower way, to the same time.
        #expect(decode(#"{"type":"heartbeat","timestamp":"2024-01-01T12:00:00\u005A"}"#).timestamp == Timestamp(seconds: noon))
        let bad = decode(#"{"type":"heartbeat","timestamp":"yesterday"}"#)
        #expect(bad.timestamp == Timestamp(seconds: 100))
        #expect(bad.problems == [#"timestamp is not ISO 8601: "yesterday""#])
        let escapedBad = decode(#"{"type":"heartbeat","timestamp":"to\u006Dorrow","data":{"stage":"s"}}"#)
        #expect(escapedBad.problems == [#"timestamp is not ISO 8601: "tomorrow""#])
        #expect(escapedBad.stage == "s")
    }

    @Test("timestamps: each place of the date and time is checked, and the zone is read to the end")
    func timestampShapes() {
        let noon = 1_704_110_400.0
        for (text, seconds) in [
            ("2024-01-01T12:00:00+0100", noon - 3600), ("2024-01-01t12:00:00-00:30", noon + 1800),
            ("2024-01-01T12:00:00,5z", noon + 0.5), ("2024-01-01T12:00:60Z", noon + 60),
        ] {
            #expect(Timestamp(iso8601: text) == Timestamp(seconds: seconds), "\(text)")
        }
        for text in [
            "2024-01-01T12:00", "2024-1-01T12:00:00Z", "2024-01-01X12:00:00", "2024-01-01T12-00:00", "2024_01-01T12:00:00",
            "2024-13-01T12:00:00", "2024-00-01T12:00:00", "2024-01-32T12:00:00", "2024-01-01T24:00:00", "2024-01-01T12:60:00",
            "2024-01-01T12:00:61", "2024-01-01T12:00:00.", "2024-01-01T12:00:00.5.", "2024-01-01T12:00:00+01",
            "2024-01-01T12:00:00+01:0", "2024-01-01T12:00:00Zjunk", "2024-01-01T12:00:00 ", "2O24-01-01T12:00:00",
        ] {
            #expect(Timestamp(iso8601: text) == nil, "\(text)")
        }
    }

    @Test("invalid UTF-8 becomes U+FFFD and control sequences are removed")
    func untrustedText() {
        var bytes = Array(#"{"type":"progress_update","data":{"competitor":"Ac"#.utf8)
        bytes += [0xFF, 0xC3]
        bytes += Array(#"me","message":"\u001b[31mred\u001b[0m\u0007 \u202eevil"}}"#.utf8)
        let event = AnalysisEvent.decode(SSEEvent(dataBytes: bytes))
        #expect(event.competitor == "Ac\u{FFFD}\u{FFFD}me")
        #expect(event.message == "red evil")
    }

    @Test("a normalised envelope decodes back to the same event")
    func envelopeRoundTrip() {
        let events: [AnalysisEvent] = [
            AnalysisEvent(.stageStarted, timestamp: Timestamp(seconds: 1_700_000_000.25), sessionID: "s", requestID: "r", stage: "plan"),
            AnalysisEvent(.stageCompleted(durationMs: 12), stage: "plan", competitor: "A", progress: 0.1, competitorProgress: 1),
            AnalysisEvent(.searchStarted(query: "q \"quoted\""), competitor: "A", message: "m"),
            AnalysisEvent(.sourcesFound(SourcesFound(count: 9, previews: [SourcePreview(title: "t", url: "u", snippet: "s", score: 0.5, publishedDate: "d")], query: "q"))),
            AnalysisEvent(.insightGenerated(Insight(text: "x", title: "T", category: "c", confidence: 0.9, competitor: "A", sources: ["u"]))),
            AnalysisEvent(.error(ErrorReport(message: "quota exceeded", errorType: "HTTPError")), stage: "research", competitor: "B"),
            AnalysisEvent(.heartbeat, timestamp: Timestamp(seconds: 5)),
            AnalysisEvent(.analysisCompleted(summary: "all done"), progress: 1, report: .object(JSONObject([("k", .array([.null, .bool(true)]))]))),
            AnalysisEvent(.unknown(type: "future_thing"), progress: 0.5),
        ]
        for event in events {
            #expect(AnalysisEvent.decode(json: event.envelope.serialized()) == event)
        }
    }
}
