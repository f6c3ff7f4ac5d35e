import JSON

extension AnalysisEvent {
    /// The event as a normalised envelope (DESIGN.md, "The stream protocol"): what `--ui json`
    /// prints, and what the in-process engine's events look like on the wire. Decoding it
    /// gives the event back.
    public var envelope: JSONValue {
        var data: [(key: String, value: JSONValue)] = []
        func add(_ key: String, _ value: String?) { if let value { data.append((key, .string(value))) } }
        func add(_ key: String, _ value: Double?) { if let value { data.append((key, .number(value))) } }

        add("stage", stage)
        add("competitor", competitor)
        add("progress", progress)
        add("competitor_progress", competitorProgress)
        add("message", message)
        switch kind {
        case .stageCompleted(let durationMs):
            add("duration_ms", durationMs)
        case .searchStarted(let query):
            add("query", query)
        case .sourcesFound(let found):
            add("query", found.query)
            data.append(("count", .number(Double(found.count))))
            data.append(("sources", .array(found.previews.map(\.envelope))))
        case .insightGenerated(let insight):
            data.append(("insight", insight.envelope))
        case .error(let report):
            add("error", report.message)
            add("error_type", report.errorType)
        case .analysisCompleted(let summary):
            add("summary", summary)
        case .malformed(let reason):
            add("reason", reason)
        case .stageStarted, .progressUpdate, .heartbeat, .unknown:
            break
        }
        if let report { data.append(("report", report)) }

        var members: [(key: String, value: JSONValue)] = [("type", .string(type))]
        if let timestamp { members.append(("timestamp", .string(timestamp.text))) }
        members.append(("data", .object(JSONObject(data))))
        var metadata: [(key: String, value: JSONValue)] = []
        if let sessionID { metadata.append(("session_id", .string(sessionID))) }
        if let requestID { metadata.append(("request_id", .string(requestID))) }
        if !metadata.isEmpty { members.append(("metadata", .object(JSONObject(metadata)))) }
        if let line { members.append(("line", .number(Double(line)))) }
        if !problems.isEmpty { members.append(("problems", .array(problems.map(JSONValue.string)))) }
        return .object(JSONObject(members))
    }
}

extension SourcePreview {
    var envelope: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("title", .string(title)), ("url", .string(url))]
        if let snippet { members.append(("snippet", .string(snippet))) }
        if let score { members.append(("score", .number(score))) }
        if let publishedDate { members.append(("published_date", .string(publishedDate))) }
        return .object(JSONObject(members))
    }
}

extension Insight {
    var envelope: JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let title { members.append(("title", .string(title))) }
        members.append(("summary", .string(text)))
        if let category { members.append(("category", .string(category))) }
        if let confidence { members.append(("confidence", .number(confidence))) }
        if let competitor { members.append(("competitor", .string(competitor))) }
        if !sources.isEmpty { members.append(("sources", .array(sources.map(JSONValue.string)))) }
        return .object(JSONObject(members))
    }
}
