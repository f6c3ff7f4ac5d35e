import Analysis

extension AnalysisEvent {
    /// One readable line describing the event: what `--ui plain` prints and what the
    /// dashboard's event log shows. Built only from sanitised fields, so it is safe to print.
    public var logLine: String {
        var parts: [String] = []
        if let competitor {
            parts.append(competitorProgress.map { "\(competitor) \(Percent.text($0))" } ?? competitor)
        }
        if let stage { parts.append(stage) }
        switch kind {
        case .stageCompleted(let durationMs):
            parts.append(durationMs.map { "done in \(DurationText.milliseconds($0))" } ?? "done")
        case .searchStarted(let query):
            if let query { parts.append("search: \(query)") }
        case .sourcesFound(let found):
            let titles = found.previews.prefix(3).map(\.title).joined(separator: " | ")
            parts.append("\(found.count) source\(found.count == 1 ? "" : "s")" + (titles.isEmpty ? "" : ": \(titles)"))
        case .insightGenerated(let insight):
            let confidence = insight.confidence.map { " (\(Percent.text($0)) confidence)" } ?? ""
            parts.append("insight\(confidence): " + (insight.title.map { "\($0) — " } ?? "") + insight.text)
        case .error(let report):
            parts.append("ERROR " + (report.errorType.map { "\($0): " } ?? "") + report.message)
        case .analysisCompleted(let summary):
            parts.append("analysis completed" + (summary.map { ": \($0)" } ?? ""))
        case .malformed(let reason):
            parts.append(reason)
        case .graph(let graph):
            parts.append(graph.part.logText)
        case .unknown:
            parts.append("(an event type streamtop does not know)")
        case .stageStarted, .progressUpdate, .heartbeat:
            break
        }
        if let message, !Self.isRepeat(message, of: kind) { parts.append(message) }
        if !problems.isEmpty { parts.append("(\(problems.joined(separator: "; ")))") }
        if let line, case .malformed = kind {
            parts.insert("line \(line)", at: 0)
        } else if let line, !problems.isEmpty {
            parts.append("line \(line)")
        }
        let time = timestamp.map { Self.clock($0.seconds) } ?? "--:--:--"
        let progress = progress.map { Percent.text($0) } ?? ""
        let gauge = "[" + String(repeating: " ", count: max(0, 4 - progress.count)) + progress + "]"
        let type = type.count < 18 ? type + String(repeating: " ", count: 18 - type.count) : type
        return "\(time) \(gauge) \(type) \(parts.joined(separator: " · "))"
    }

    /// The message often repeats what the line already says.
    private static func isRepeat(_ message: String, of kind: Kind) -> Bool {
        switch kind {
        case .searchStarted(let query?): message.contains(query)
        case .sourcesFound(let found): found.query.map { message.contains($0) } ?? false
        case .insightGenerated(let insight):
            message.contains(insight.title ?? insight.text) || insight.text.contains(message)
        case .error(let report): report.message == message
        default: false
        }
    }

    /// HH:MM:SS in UTC.
    static func clock(_ seconds: Double) -> String {
        // In floating point: a time from the stream may be past what an Int holds.
        let second = (seconds.isFinite ? seconds : 0).rounded(.down).truncatingRemainder(dividingBy: 86_400)
        return DurationText.clock(second < 0 ? second + 86_400 : second)
    }
}

extension GraphEvent.Part {
    /// The longest model text or interrupt value a line shows, in characters.
    static let shownText = 120

    /// What a LangGraph event says, in a few words: `task research started`, `task analyze
    /// failed: RuntimeError: …`, `model (summarize): Three tasks…`, `interrupt: {…}`.
    var logText: String {
        switch self {
        case .runStarted(let runID):
            return "run \(runID)"
        case .taskStarted(_, let node):
            return "task \(node) started"
        case .taskFinished(_, let node, let error?, _):
            return "task \(node) failed: " + (error.errorType.map { "\($0): " } ?? "") + error.message
        case .taskFinished(_, let node, nil, let interrupted):
            return "task \(node) " + (interrupted ? "interrupted" : "done")
        case .nodesUpdated(let nodes):
            return nodes.isEmpty ? "update" : "update from " + nodes.joined(separator: ", ")
        case .interrupted(let interrupts):
            return interrupts.isEmpty ? "interrupt" : "interrupt: " + Self.head(interrupts.map(\.value).joined(separator: " | "))
        case .message(let chunk):
            // A whole-so-far text grows at its end, so that is the part worth showing.
            let text = chunk.isWholeSoFar ? Self.tail(chunk.text) : Self.head(chunk.text)
            return "model" + (chunk.node.map { " (\($0))" } ?? "") + ": " + text
        case .runStatus(let run):
            let asks = run.interrupts.isEmpty ? "" : ", interrupt: " + Self.head(run.interrupts.map(\.value).joined(separator: " | "))
            return "run status " + (run.status?.rawValue ?? "unknown") + asks
        }
    }

    static func head(_ text: String) -> String {
        text.count > shownText ? text.prefix(shownText - 1) + "…" : text
    }

    static func tail(_ text: String) -> String {
        text.count > shownText ? "…" + text.suffix(shownText - 1) : text
    }
}
