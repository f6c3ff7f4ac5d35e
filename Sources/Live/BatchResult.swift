import Analysis
import JSON

/// A batch endpoint's final result, `{session_id, request_id, status, competitors, focus_area,
/// report, insights, research_results_count, started_at, completed_at}`, told as the envelopes
/// a stream of the same run would have carried, so that the one reducer fills the panels from
/// it as it would have live:
///
/// 1. a whole-run `progress_update` that opens the session (`metadata`) and names the focus
///    area, at `started_at`;
/// 2. per competitor (`competitors`, then any other that `report.competitors` has a section
///    for: an object keyed by name, or a list of objects naming theirs; then any other that an
///    insight names), for each of its
///    `searches` (a count, or a list of queries or of `{query, sources_found, top_sources}`) a
///    `search_started` and the `sources_found` it had; the sources of the section's
///    `sources_found` total that its searches did not account for; a `progress_update` that
///    finishes it when the run completed;
/// 3. the sources of `research_results_count` that no competitor accounted for;
/// 4. an `insight_generated` per insight (a string, an object in the stream's shape with an
///    `insight`, or an insight object with `title`/`summary`/`confidence`/`competitor`/…);
/// 5. `analysis_completed` with the summary and the whole result as the report, at
///    `completed_at`; an `error` instead when `status` says the run did not complete.
///
/// Every value comes from the server, so it is passed on as sent: the decoder reads it
/// tolerantly, cleans its text and notes what it cannot use, as for a streamed event. Counts
/// are read here too, to keep the totals whole when searches are left out. Lists are cut to
/// what the state keeps (``AnalysisState/Limits``), the newest kept as the state would.
struct BatchResult {
    /// The envelopes, in order.
    private(set) var envelopes: [JSONValue] = []
    /// What was left out to stay within the limits, for the user; nil when nothing was.
    private(set) var leftOut: String?
    /// The first envelope opens the session; the others belong to it.
    private var metadata: JSONValue?

    private static let completedStatuses: Set<String> = ["completed", "complete", "success", "succeeded", "done", "finished"]

    /// - Parameter ends: tell the run's end (`analysis_completed`, or an `error` when `status`
    ///   says it did not complete); false for a run that stopped to wait (an interrupt).
    init(_ result: JSONObject, limits: AnalysisState.Limits, ends: Bool = true) {
        let report = result["report"]
        let sections = Self.sections(of: report)
        let insights = Self.list(result["insights"]).filter { $0 != .null }
        let keptInsights = insights.suffix(limits.insights)
        var names: [String] = []
        var named: Set<String> = []
        let insightCompetitors = keptInsights.compactMap { $0.objectValue?["competitor"].flatMap(Self.text) }
        for name in Self.list(result["competitors"]).compactMap(Self.name) + sections.map(\.name) + insightCompetitors
        where !name.isEmpty && named.insert(name).inserted {
            names.append(name)
        }
        let status = result["status"]?.stringValue
        let completed = status.map { Self.completedStatuses.contains($0.lowercased()) } ?? true

        metadata = Self.object([("session_id", result["session_id"]), ("request_id", result["request_id"])])
        let focus = result["focus_area"].flatMap(Self.text)
        let scope = (focus.map { "focus area: \($0); " } ?? "") + "\(names.count) competitor\(names.count == 1 ? "" : "s")"
        add("progress_update", [("message", .string("Final result from the batch endpoint (\(scope))"))], at: result["started_at"])

        // A section may also sit under the competitor's name beside `report.competitors`.
        let sectionByName = Dictionary(sections.map { ($0.name, $0.section) }, uniquingKeysWith: { first, _ in first })
        let searches = names.map { Searches(sectionByName[$0] ?? report?[$0]?.objectValue) }
        let (accounted, droppedSearches) = addCompetitors(names, searches: searches, completed: completed, limits: limits)
        if let total = result["research_results_count"].flatMap(Self.count), total > accounted {
            add("sources_found", [("count", .number(Double(total - accounted)))])
        }

        for insight in keptInsights {
            if case .object(let fields) = insight, fields["insight"] != nil {
                add("insight_generated", fields.members.map { ($0.key, $0.value) })
            } else {
                add("insight_generated", [("insight", insight)])
            }
        }

        if !ends {
            // Stopped, not ended: nothing more to tell.
        } else if completed {
            let summary = [result["summary"], report?["summary"], report].lazy.compactMap { $0?.stringValue }.first
            add("analysis_completed", [("summary", summary.map(JSONValue.string)), ("report", .object(result))], at: result["completed_at"])
        } else {
            let error = result["error"].flatMap { $0 == .null ? nil : $0 }
                ?? .string("the batch result's status is \"\(status ?? "")\", not completed")
            add("error", [("error", error), ("report", .object(result))], at: result["completed_at"])
        }

        let droppedInsights = insights.count - keptInsights.count
        let dropped = [
            droppedInsights > 0 ? "the oldest \(droppedInsights) of its \(insights.count) insights" : nil,
            droppedSearches > 0 ? "the oldest \(droppedSearches) of its searches (their sources are counted)" : nil,
        ].compactMap { $0 }
        if !dropped.isEmpty {
            leftOut = "the batch result holds more than the view keeps: " + dropped.joined(separator: " and ") + " are not shown"
        }
    }

    /// Each competitor's searches and sources, and its end; the newest searches are kept, as
    /// many as the sources panel keeps previews (a search shows by the sources it found).
    /// Returns the sources accounted for and the number of searches left out.
    private mutating func addCompetitors(
        _ names: [String], searches: [Searches], completed: Bool, limits: AnalysisState.Limits
    ) -> (accounted: Int, dropped: Int) {
        var room = limits.sourcePreviews
        var kept = [Int](repeating: 0, count: names.count)
        for index in names.indices.reversed() {
            kept[index] = min(searches[index].count, room)
            room -= kept[index]
        }
        var accounted = 0
        var dropped = 0
        for (index, name) in names.enumerated() {
            let competitor = ("competitor", JSONValue.string(name))
            var found = 0
            for search in searches[index].last(kept[index]) {
                add("search_started", [competitor, ("query", search.query)])
                guard search.count != nil || search.previews != nil else { continue }
                let previews = search.previews.map(Self.list)
                let sent = previews.map { Array($0.suffix(limits.sourcePreviews)) }
                // Without a count the decoder counts the previews sent: a cut list still counts whole.
                let count = search.count ?? previews.map { .number(Double($0.count)) }
                add("sources_found", [competitor, ("query", search.query), ("count", count), ("sources", sent.map(JSONValue.array))])
                found += count.flatMap(Self.count) ?? sent?.count ?? 0
            }
            if searches[index].total > found {
                add("sources_found", [competitor, ("count", .number(Double(searches[index].total - found)))])
                found = searches[index].total
            }
            add("progress_update", [competitor, ("competitor_progress", completed ? .number(1) : nil)])
            accounted = accounted.saturatingSum(found)
            dropped = dropped.saturatingSum(searches[index].count - kept[index])
        }
        return (accounted, dropped)
    }

    /// One envelope; members without a value are left out.
    private mutating func add(_ type: String, _ data: [(String, JSONValue?)], at timestamp: JSONValue? = nil) {
        envelopes.append(.object(Self.members([
            ("type", .string(type)), ("timestamp", timestamp), ("data", Self.object(data)), ("metadata", metadata),
        ])))
        metadata = nil
    }

    // MARK: - Reading the result

    /// A competitor's searches: those its section lists, or as many as it counts.
    private struct Searches {
        struct Search {
            var query: JSONValue?
            var count: JSONValue?
            var previews: JSONValue?

            init() {}

            /// A query, or `{query, sources_found, top_sources}` (or the stream's `count` and `sources`).
            init(_ search: JSONValue) {
                guard case .object(let fields) = search else {
                    query = search == .null ? nil : search
                    return
                }
                query = fields["query"]
                count = fields["sources_found"] ?? fields["count"]
                previews = fields["top_sources"] ?? fields["sources"]
            }

            /// The sources it found: its count, else its previews, all of them.
            var countFound: Int { count.flatMap(BatchResult.count) ?? previews.map { BatchResult.list($0).count } ?? 0 }
        }

        private var listed: [JSONValue] = []
        private(set) var count = 0
        /// All the sources its searches found: the section's `sources_found`, or what the
        /// searches it lists found when that is more (so that searches left out still count).
        private(set) var total = 0

        init(_ section: JSONObject?) {
            guard let section else { return }
            switch section["searches"] {
            case .array(let searches):
                listed = searches
                count = searches.count
            case let value?:
                count = BatchResult.count(value) ?? 0
            case nil:
                break
            }
            let listedFound = listed.reduce(0) { $0.saturatingSum(Search($1).countFound) }
            total = max(section["sources_found"].flatMap(BatchResult.count) ?? 0, listedFound)
        }

        /// The last `n` searches.
        func last(_ n: Int) -> [Search] {
            listed.isEmpty ? Array(repeating: Search(), count: n) : listed.suffix(n).map(Search.init)
        }
    }

    /// The competitors' report sections, in the report's order: `report.competitors` as an
    /// object keyed by name, or as a list of objects naming theirs in `competitor` or `name`.
    private static func sections(of report: JSONValue?) -> [(name: String, section: JSONObject)] {
        switch report?["competitors"] {
        case .object(let sections):
            return sections.members.compactMap { member in member.value.objectValue.map { (member.key, $0) } }
        case .array(let sections):
            return sections.compactMap { section in
                guard let fields = section.objectValue, let name = name(section) else { return nil }
                return (name, fields)
            }
        default:
            return []
        }
    }

    /// A competitor's name: text, or an object's `name` or `competitor`.
    private static func name(_ value: JSONValue) -> String? {
        if case .object(let fields) = value { return (fields["name"] ?? fields["competitor"]).flatMap(text) }
        return text(value)
    }

    /// Text as the decoder takes it: a string, or a number's or a bool's text.
    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let string): string
        case .number(let number): JSONValue.format(number)
        case .bool(let bool): String(bool)
        case .null, .array, .object: nil
        }
    }

    /// A count as the decoder reads one: a number, or a string holding one, whole and not
    /// negative.
    private static func count(_ value: JSONValue) -> Int? {
        let number: Double? = switch value {
        case .number(let number): number
        case .string(let text): Double(text.filter { $0 != " " })
        default: nil
        }
        guard let number, number.isFinite, number >= 0, number < 1e15 else { return nil }
        return Int(number)
    }

    /// A list's elements; a lone value is a list of one, and a missing one an empty list.
    private static func list(_ value: JSONValue?) -> [JSONValue] {
        switch value {
        case .array(let elements): elements
        case nil, .null: []
        case let value?: [value]
        }
    }

    private static func members(_ members: [(String, JSONValue?)]) -> JSONObject {
        JSONObject(members.compactMap { member in member.1.map { (key: member.0, value: $0) } })
    }

    /// An object of the members that have a value; none when none has.
    private static func object(_ members: [(String, JSONValue?)]) -> JSONValue? {
        let object = Self.members(members)
        return object.members.isEmpty ? nil : .object(object)
    }
}

extension JSONValue {
    fileprivate var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}
