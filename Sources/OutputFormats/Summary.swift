import Analysis
import JSON

extension AnalysisState {
    /// The final state as one JSON document: what `--summary json` prints. Its schema is
    /// documented in the README; members keep a fixed order so equal states print identically.
    public var summaryDocument: JSONValue { summaryDocument(incomplete: false) }

    /// Each competitor tracked, with its counts: `{"name", "progress", "stage", "message",
    /// "sources", "insights", "errors"}`, as the summary and a served batch answer list them.
    public var competitorsDocument: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .array(competitors.map { competitor in
            .object(JSONObject([
                ("name", .string(competitor.name)), ("progress", .number(competitor.progress)),
                ("stage", text(competitor.stage)), ("message", text(competitor.message)),
                ("sources", .number(Double(competitor.sources))), ("insights", .number(Double(competitor.insights))),
                ("errors", .number(Double(competitor.errors))),
            ]))
        })
    }

    /// The document; `incomplete`: the stream was stopped before its end (a signal), which an
    /// `"incomplete": true` after `completion` says; `notLive`: the events are a batch result,
    /// not a stream watched as it ran (the state cannot know), which a `"live": false` after
    /// those says.
    public func summaryDocument(incomplete: Bool, notLive: Bool = false) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        func integer(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        func object(_ members: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
        }

        var members: [(String, JSONValue)] = [
            ("session_id", text(session.id)),
            ("request_id", text(session.requestID)),
            ("sessions", integer(session.count)),
            ("completed", .bool(isCompleted)),
            ("completion", text(completion?.reason.rawValue)),
            ("progress", .number(progress)),
            ("events", object([
                ("total", integer(eventCounts.total)),
                ("by_type", object(eventCounts.byType.sorted { $0.key < $1.key }.map { ($0.key, integer($0.value)) })),
            ])),
            ("first_event_at", text(firstEventAt?.text)),
            ("last_event_at", text(lastEventAt?.text)),
            ("last_heartbeat_at", text(lastHeartbeat?.text)),
            ("stages", .array(stages.map { stage in
                guard let taskID = stage.taskID else {
                    return object([
                        ("name", .string(stage.name)), ("competitor", text(stage.competitor)),
                        ("status", .string(stage.status.rawValue)), ("duration_ms", number(stage.durationMs)),
                    ])
                }
                return object([
                    ("name", .string(stage.name)), ("competitor", text(stage.competitor)), ("task_id", .string(taskID)),
                    ("status", .string(stage.status.rawValue)), ("duration_ms", number(stage.durationMs)),
                    ("error", text(stage.error)),
                ])
            })),
            ("stages_dropped", integer(untrackedStages.count + taskStagesDropped)),
            ("competitors", competitorsDocument),
            ("competitors_dropped", integer(untrackedCompetitors.count)),
            ("sources", object([
                ("total", integer(sources.total)), ("unique_urls", integer(sources.uniqueURLs)),
                ("unique_urls_estimated", .bool(sources.uniqueURLsIsEstimate)),
                ("previews_kept", integer(sources.previews.items.count)),
            ])),
            ("insights_total", integer(insights.total)),
            ("insights_dropped", integer(insights.dropped)),
            ("insights", .array(insights.items.map { insight in
                object([
                    ("text", .string(insight.text)), ("title", text(insight.title)),
                    ("competitor", text(insight.competitor)), ("category", text(insight.category)),
                    ("confidence", number(insight.confidence)),
                ])
            })),
            ("errors_total", integer(errors.total)),
            ("errors", .array(errors.items.map { error in
                object([
                    ("message", .string(error.message)), ("error_type", text(error.errorType)),
                    ("stage", text(error.stage)), ("competitor", text(error.competitor)), ("line", integer(error.line)),
                ])
            })),
            ("diagnostics_total", integer(diagnostics.total)),
            ("diagnostics", .array(diagnostics.items.map { object([("line", integer($0.line)), ("message", .string($0.message))]) })),
            ("notices", .array(notices.items.map(JSONValue.string))),
            ("summary", text(summary)),
        ]
        // Only a LangGraph Server's stream has these, so the seed's summaries read as before.
        if let run {
            members += [
                ("run", object([
                    ("thread_id", text(run.threadID)), ("run_id", text(run.runID)), ("assistant_id", text(run.assistantID)),
                    ("graph_id", text(run.graphID)), ("status", text(run.status?.rawValue)),
                ])),
                ("interrupts", .array(run.interrupts.map { object([("id", .string($0.id)), ("value", .string($0.value))]) })),
                ("messages_total", integer(messages.total)),
                ("messages_dropped", integer(messages.dropped)),
                ("messages", .array(messages.items.map { message in
                    object([("id", .string(message.id)), ("node", text(message.node)), ("text", .string(message.text))])
                })),
            ]
        }
        var marks: [(String, JSONValue)] = []
        if incomplete { marks.append(("incomplete", .bool(true))) }
        if notLive { marks.append(("live", .bool(false))) }
        if let index = members.firstIndex(where: { $0.0 == "completion" }) { members.insert(contentsOf: marks, at: index + 1) }
        return object(members)
    }
}
