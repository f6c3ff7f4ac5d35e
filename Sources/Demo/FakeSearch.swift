import Analysis

/// A stand-in for the seed's web search (Tavily): plausible results about a competitor and a
/// topic, drawn from a seeded generator and the built-in vocabulary, with no network. A search
/// fails now and then, as real ones do.
struct FakeSearch: Sendable {
    let focusArea: String
    /// The probability that a search fails.
    let failRate: Double
    /// Sources were published before this.
    let now: Timestamp

    /// One to nine sources, best first, or a failure.
    func run(
        _ query: PlannedQuery, about company: String, using generator: inout SplitMix64
    ) -> Result<[SourcePreview], SearchFailure> {
        if Double.random(in: 0..<1, using: &generator) < failRate {
            return .failure(failure(of: query.text, using: &generator))
        }
        let count = Int.random(in: 1...9, using: &generator)
        let sources = (0..<count).map { _ in source(on: query.topic, about: company, using: &generator) }
        return .success(sources.sorted { $0.score ?? 0 > $1.score ?? 0 })
    }

    private func source(
        on topic: ResearchTopic, about company: String, using generator: inout SplitMix64
    ) -> SourcePreview {
        let title = topic.headlines.randomChoice(using: &generator).filled(company: company, focus: focusArea)
        let snippet = topic.snippets.randomChoice(using: &generator)
            .filled(company: company, focus: focusArea, number: Int.random(in: 4...48, using: &generator))
        let url = topic.sites.randomChoice(using: &generator).url(for: title, company: company, using: &generator)
        let score = Double(Int.random(in: 3_500...9_900, using: &generator)) / 10_000
        let age = Double(Int.random(in: 3...540, using: &generator) * 86_400)
        let published = Timestamp(seconds: now.seconds - age).text.prefix(10)
        return SourcePreview(title: title, url: url, snippet: snippet, score: score, publishedDate: String(published))
    }

    private func failure(of query: String, using generator: inout SplitMix64) -> SearchFailure {
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            SearchFailure(errorType: "SearchTimeout", message: "Search timed out after 30 s: '\(query)'")
        case 1:
            SearchFailure(errorType: "RateLimitError", message: "Search provider rate limit reached (HTTP 429): '\(query)'")
        default:
            SearchFailure(errorType: "UpstreamError", message: "Search provider returned HTTP 502: '\(query)'")
        }
    }
}
