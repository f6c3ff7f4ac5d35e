/// One line of inquiry about a competitor: what to search for, where such news is published,
/// what it says, and what an analyst concludes from it.
struct ResearchTopic: Sendable {
    /// As insights categorise it, e.g. "regulatory".
    let category: String
    let query: TextTemplate
    let sites: [SourceSite]
    let headlines: [TextTemplate]
    /// Each has a `{number}` slot: a percentage, a count of patients or hospitals.
    let snippets: [TextTemplate]
    let insightTitles: [TextTemplate]
}
