import JSON

extension AnalysisEvent {
    /// The event as a normalised envelope (DESIGN.md, "The stream protocol"): what `--ui json`
    /// prints, and what the in-process engine's events look like on the wire. Decoding it
    /// gives the event back, except for a LangGraph event (its `type` is its SSE name, and
    /// `data` its part's fields), which is for reading.
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
        case .graph(let graph):
            data += graph.part.envelopeFields
            if !graph.namespace.isEmpty { data.append(("namespace", .array(graph.namespace.map(JSONValue.string)))) }
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
    /// The insight as an envelope's `data.insight` carries it (and a batch answer lists it).
    public var envelope: JSONValue {
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

extension GraphEvent.Part {
    /// The part's fields, as the `data` of its normalised envelope.
    var envelopeFields: [(key: String, value: JSONValue)] {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        switch self {
        case .runStarted(let runID):
            return [("run_id", .string(runID))]
        case .taskStarted(let taskID, let node):
            return [("task_id", .string(taskID)), ("node", .string(node))]
        case .taskFinished(let taskID, let node, let error, let interrupted):
            return [
                ("task_id", .string(taskID)), ("node", .string(node)),
                ("status", .string(error != nil ? "failed" : interrupted ? "interrupted" : "done")),
                ("error", text(error?.message)), ("error_type", text(error?.errorType)),
            ]
        case .nodesUpdated(let nodes):
            return [("nodes", .array(nodes.map(JSONValue.string)))]
        case .interrupted(let interrupts):
            return [("interrupts", .array(interrupts.map(\.envelope)))]
        case .message(let chunk):
            return [
                ("message_id", .string(chunk.messageID)), ("node", text(chunk.node)), ("text", .string(chunk.text)),
                ("whole_so_far", .bool(chunk.isWholeSoFar)), ("truncated", .bool(chunk.isTruncated)),
            ]
        case .runStatus(let run):
            return run.envelopeFields
        }
    }
}

extension ServerRun {
    /// The run as `streamtop_run` carries it: `{"thread_id", "run_id", "assistant_id",
    /// "graph_id", "status", "interrupts": [{"id", "value"}]}`, absent ones null.
    public var envelopeFields: [(key: String, value: JSONValue)] {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return [
            ("thread_id", text(threadID)), ("run_id", text(runID)), ("assistant_id", text(assistantID)),
            ("graph_id", text(graphID)), ("status", text(status?.rawValue)), ("interrupts", .array(interrupts.map(\.envelope))),
        ]
    }
}

extension InterruptRequest {
    /// `{"id", "value"}`, the value as its JSON text.
    public var envelope: JSONValue {
        .object(JSONObject([("id", .string(id)), ("value", .string(value))]))
    }
}
