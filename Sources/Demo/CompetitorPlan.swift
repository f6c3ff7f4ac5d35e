/// The searches planned for one competitor.
struct CompetitorPlan: Sendable {
    let competitor: String
    let queries: [PlannedQuery]

    /// Three to five topics, in a random order, each asked about the competitor and the focus
    /// area.
    init(competitor: String, focusArea: String, using generator: inout SplitMix64) {
        self.competitor = competitor
        let count = Int.random(in: 3...5, using: &generator)
        queries = ResearchTopic.catalog.shuffled(using: &generator).prefix(count).map { topic in
            PlannedQuery(text: topic.query.filled(company: competitor, focus: focusArea), topic: topic)
        }
    }
}

/// A search query and the topic it asks about.
struct PlannedQuery: Sendable {
    let text: String
    let topic: ResearchTopic
}
