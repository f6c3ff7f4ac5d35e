import Analysis

/// Draws conclusions from one competitor's research, as the seed's analysis step would: one
/// insight for each of its best-covered topics, citing the strongest sources.
struct InsightWriter {
    let competitor: String
    let focusArea: String

    /// Up to three insights, the best-covered topic first; none without sources.
    func insights(from research: CompetitorResearch, using generator: inout SplitMix64) -> [Insight] {
        var byTopic: [(topic: ResearchTopic, sources: [SourcePreview])] = []
        for search in research.searches where !search.sources.isEmpty {
            if let index = byTopic.firstIndex(where: { $0.topic.category == search.query.topic.category }) {
                byTopic[index].sources += search.sources
            } else {
                byTopic.append((search.query.topic, search.sources))
            }
        }
        let wanted = min(3, 1 + research.sourceCount / 10)
        let ranked = byTopic.enumerated().sorted { lhs, rhs in
            // Most sources first; the earlier search breaks ties, so the order is total.
            (lhs.element.sources.count, rhs.offset) > (rhs.element.sources.count, lhs.offset)
        }
        return ranked.prefix(wanted).map { _, group in
            insight(on: group.topic, from: group.sources, using: &generator)
        }
    }

    private func insight(on topic: ResearchTopic, from sources: [SourcePreview], using generator: inout SplitMix64) -> Insight {
        let strongest = sources.sorted { $0.score ?? 0 > $1.score ?? 0 }.prefix(3)
        let best = strongest[strongest.startIndex]
        let meanScore = strongest.reduce(0) { $0 + ($1.score ?? 0) } / Double(strongest.count)
        let coverage = Double(min(sources.count, 8)) / 8
        let title = topic.insightTitles.randomChoice(using: &generator).filled(company: competitor, focus: focusArea)
        let text = "\(counted(sources.count, "\(topic.category) source")); strongest signal from "
            + "\(host(of: best.url)): \"\(best.title)\" (score \(best.score ?? 0))"
        return Insight(
            text: text, title: title, category: topic.category,
            confidence: (0.45 + 0.35 * meanScore + 0.15 * coverage).rounded(toPlaces: 3),
            competitor: competitor, sources: strongest.map(\.url))
    }

    private func host(of url: String) -> String {
        let afterScheme = url.split(separator: "://", maxSplits: 1).last ?? Substring(url)
        return String(afterScheme.prefix { $0 != "/" })
    }
}
