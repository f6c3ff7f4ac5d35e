import Analysis
import JSON

/// A LangGraph thread's state — its last checkpoint's values — told as the envelopes of a
/// run that ended there, for a run whose stream the server no longer holds. The analysis
/// graph keeps what its batch result has (`competitors`, `focus_area`, `insights`, `report`,
/// and `research` with each competitor's sources), so ``BatchResult`` tells it; any other
/// graph's values become the report.
enum ThreadEndState {
    static func envelopes(state: JSONValue, outcome: ServerRun.Status, limits: AnalysisState.Limits = AnalysisState.Limits()) -> [JSONValue] {
        guard case .object(let values) = state["values"] ?? .null else { return [] }
        var result = values
        if case .array(let research) = values["research"] ?? .null {
            let sections = research.compactMap { section(of: $0, plans: values["plans"]) }
            if !sections.isEmpty, case .object(var report) = values["report"] ?? .object(JSONObject()) {
                report.members.append(("competitors", .array(sections)))
                result.members.append(("report", .object(report)))
            }
            if result["research_results_count"] == nil {
                let total = research.reduce(0) { $0.saturatingSum(Self.sources(of: $1).count) }
                result.members.append(("research_results_count", .number(Double(total))))
            }
        }
        let status = switch outcome {
        case .success: "completed"
        case .interrupted: "interrupted"
        default: outcome.rawValue
        }
        result.members.append(("status", .string(status)))
        if outcome != .success, result["error"] == nil, let error = state["error"], error != .null {
            result.members.append(("error", error))
        }
        return BatchResult(result, limits: limits, ends: outcome != .interrupted).envelopes
    }

    /// A competitor's research (`{competitor, sources}`) as a report section: its planned
    /// queries as its searches, the first carrying the sources found.
    private static func section(of research: JSONValue, plans: JSONValue?) -> JSONValue? {
        guard let name = research["competitor"], name != .null else { return nil }
        let found = sources(of: research)
        var queries: [JSONValue] = []
        if case .array(let plans) = plans ?? .null, let plan = plans.first(where: { $0["competitor"] == name }),
           case .array(let planned) = plan["queries"] ?? .null {
            queries = planned
        }
        let first = JSONValue.object(JSONObject([
            ("query", queries.first ?? .null), ("sources_found", .number(Double(found.count))), ("top_sources", .array(found)),
        ]))
        return .object(JSONObject([
            ("competitor", name), ("searches", .array([first] + queries.dropFirst())), ("sources_found", .number(Double(found.count))),
        ]))
    }

    private static func sources(of research: JSONValue) -> [JSONValue] {
        if case .array(let found) = research["sources"] ?? .null { return found }
        return []
    }
}
