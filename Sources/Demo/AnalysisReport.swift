import Analysis
import JSON

/// The analysis' final report, shaped like the seed's: a JSON document (focus area, per
/// competitor the queries run, sources, insights and their mean confidence, then totals and
/// a headline) and a one-line summary.
struct AnalysisReport {
    let headline: String
    let summary: String
    let document: JSONValue

    init(
        focusArea: String, plans: [CompetitorPlan],
        research: [Int: CompetitorResearch], analyses: [Int: CompetitorAnalysis]
    ) {
        var competitors: [(key: String, value: JSONValue)] = []
        var totals = (sources: 0, insights: 0, searches: 0, failed: 0)
        var leader: (name: String, sources: Int, insights: [Insight])?
        for (lane, plan) in plans.enumerated() {
            let found = research[lane] ?? CompetitorResearch()
            let insights = analyses[lane]?.insights ?? []
            competitors.append((plan.competitor, .object(JSONObject([
                ("queries_run", .number(Double(found.searches.count))),
                ("searches_failed", .number(Double(found.failedSearches))),
                ("sources", .number(Double(found.sourceCount))),
                ("insights", .array(insights.map { .string($0.title ?? $0.text) })),
                ("avg_confidence", Self.meanConfidence(of: insights).map(JSONValue.number) ?? .null),
            ]))))
            totals.sources += found.sourceCount
            totals.insights += insights.count
            totals.searches += found.searches.count
            totals.failed += found.failedSearches
            if found.sourceCount > leader?.sources ?? 0 {
                leader = (plan.competitor, found.sourceCount, insights)
            }
        }

        if let leader {
            let confidence = Self.meanConfidence(of: leader.insights).map { " (avg confidence \($0))" } ?? ""
            headline = "\(leader.name) leads on \(focusArea): \(counted(leader.sources, "source")), "
                + "\(counted(leader.insights.count, "insight"))\(confidence)"
        } else {
            headline = "No sources found on \(focusArea)"
        }
        var summary = "Analysed \(counted(plans.count, "competitor")) on \(focusArea): "
            + "\(counted(totals.sources, "source")), \(counted(totals.insights, "insight"))"
        if totals.failed > 0 {
            summary += "; \(totals.failed) of \(counted(totals.searches, "search", plural: "searches")) failed"
        }
        self.summary = summary
        document = .object(JSONObject([
            ("focus_area", .string(focusArea)),
            ("competitors", .object(JSONObject(competitors))),
            ("total_sources", .number(Double(totals.sources))),
            ("total_insights", .number(Double(totals.insights))),
            ("searches_failed", .number(Double(totals.failed))),
            ("headline", .string(headline)),
        ]))
    }

    private static func meanConfidence(of insights: [Insight]) -> Double? {
        let confidences = insights.compactMap(\.confidence)
        guard !confidences.isEmpty else { return nil }
        return (confidences.reduce(0, +) / Double(confidences.count)).rounded(toPlaces: 3)
    }
}
