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
        if result["research_results_count"] == nil, case .array(let research) = values["research"] ?? .null {
            let sources = research.reduce(0) { total, entry in
                guard case .array(let found) = entry["sources"] ?? .null else { return total }
                return total.saturatingSum(found.count)
            }
            result.members.append(("research_results_count", .number(Double(sources))))
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
}
