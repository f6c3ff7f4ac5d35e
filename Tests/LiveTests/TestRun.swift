import Analysis
import EventStream
import Foundation

/// A run of the seed's protocol for the tests: `count` envelopes, each with a timestamp and a
/// text of its own (so that a doubled or lost event shows in the state), the last one the
/// seed servers' final whole-run progress of 1.0.
struct TestRun {
    let envelopes: [String]

    init(count: Int, session: String = "session-1", final: String = "final-progress") {
        var envelopes: [String] = []
        let competitors = ["Stryker Spine", "Medtronic", "Globus"]
        for index in 1..<count {
            let competitor = competitors[index % competitors.count]
            let time = "2024-01-01T12:00:\(String(format: "%02d", index % 60)).\(String(format: "%06d", index))Z"
            let metadata = #""metadata":{"session_id":"\#(session)","request_id":"r-\#(session)"}"#
            switch index % 3 {
            case 0:
                envelopes.append(#"{"type":"insight_generated","timestamp":"\#(time)","data":{"insight":"insight \#(index)","competitor":"\#(competitor)"},\#(metadata)}"#)
            case 1:
                envelopes.append(#"{"type":"progress_update","timestamp":"\#(time)","data":{"stage":"research_competitor","competitor":"\#(competitor)","progress":\#(Double(index) / Double(count)),"message":"step \#(index)"},\#(metadata)}"#)
            default:
                envelopes.append(#"{"type":"sources_found","timestamp":"\#(time)","data":{"count":2,"competitor":"\#(competitor)","sources":[{"title":"t\#(index)","url":"https://example.com/\#(index)"}]},\#(metadata)}"#)
            }
        }
        let last = final == "analysis_completed"
            ? #"{"type":"analysis_completed","timestamp":"2024-01-01T13:00:00Z","data":{"summary":"done"},"metadata":{"session_id":"\#(session)"}}"#
            : #"{"type":"progress_update","timestamp":"2024-01-01T13:00:00Z","data":{"stage":"complete","progress":1.0,"message":"Analysis complete"},"metadata":{"session_id":"\#(session)"}}"#
        envelopes.append(last)
        self.envelopes = envelopes
    }

    /// Events `range` (1-based) as SSE, with `id: N` lines when `ids`.
    func sse(_ range: ClosedRange<Int>, ids: Bool = true) -> String {
        range.map { SSEEncoder.encode(SSEEvent(data: envelopes[$0 - 1]), id: ids ? String($0) : nil) }.joined()
    }

    var all: ClosedRange<Int> { 1...envelopes.count }

    /// The state after each event of `range` was reduced once, in order, numbered as a live
    /// session numbers them (its recording's lines, from 2).
    func expectedState(_ ranges: [ClosedRange<Int>]) -> AnalysisState {
        var state = AnalysisState()
        var line = 1
        for index in ranges.joined() {
            line += 1
            state.reduce(AnalysisEvent.decode(SSEEvent(data: envelopes[index - 1]), line: line))
        }
        return state
    }
}
