import Analysis
import JSON
import OutputFormats

extension ServedRun {
    /// The batch fallback's answer for an ended run, one JSON object, read from the state the
    /// run's own events folded into: `{"run_id", "session_id", "request_id", "status",
    /// "focus_area", "competitors" (each with its counts, as `--summary json` lists them),
    /// "summary", "report", "insights" (as the stream carried them), "research_results_count"
    /// (the sources found), "events", "started_at", "completed_at", "error"}`.
    public var batchAnswer: JSONValue {
        let analysis = analysis
        let reading = reading(after: 0)
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object(JSONObject([
            ("run_id", .string(id)),
            ("session_id", .string(sessionID)),
            ("request_id", .string(requestID)),
            ("status", .string(reading.status.rawValue)),
            ("focus_area", .string(request.focusArea)),
            ("competitors", analysis.competitorsDocument),
            ("summary", text(analysis.summary)),
            ("report", analysis.report ?? .null),
            ("insights", .array(analysis.insights.items.map(\.envelope))),
            ("research_results_count", .number(Double(analysis.sources.total))),
            ("events", .number(Double(reading.events.count))),
            ("started_at", .string(startedAt.text)),
            ("completed_at", text(completedAt?.text)),
            ("error", text(reading.endReason)),
        ]))
    }

    /// The run as `/api/runs` lists it.
    public var listing: JSONValue {
        let reading = reading(after: 0)
        return .object(JSONObject([
            ("id", .string(id)),
            ("competitors", .array(request.competitors.map(JSONValue.string))),
            ("focus_area", .string(request.focusArea)),
            ("status", .string(reading.status.rawValue)),
            ("started", .string(startedAt.text)),
            ("events", .number(Double(reading.events.count))),
            ("watchers", .number(Double(watcherCount))),
        ]))
    }
}
