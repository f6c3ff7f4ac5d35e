/// The fake search's knowledge of the medtech world: the topics researched about every
/// competitor, where each is covered, and the headlines, snippets and conclusions it produces.
/// Every template works for any company and focus area.
extension ResearchTopic {
    static let catalog: [ResearchTopic] = [strategy, regulatory, market, pricing, clinical, product]

    private static let fierceBiotech = SourceSite.tradePress(host: "fiercebiotech.com", section: "medtech")
    private static let medTechDive = SourceSite.tradePress(host: "medtechdive.com", section: "news")
    private static let orthoWorld = SourceSite.tradePress(host: "orthoworld.com", section: "news")
    private static let beckersSpine = SourceSite.tradePress(host: "beckersspine.com", section: "spine")

    static let strategy = ResearchTopic(
        category: "strategy",
        query: "{company} {focus} strategy 2025",
        sites: [fierceBiotech, medTechDive, orthoWorld, .sec, .companyNewsroom],
        headlines: [
            "{company} outlines {focus} growth plan at investor day",
            "{company} bets on enabling technology to grow its {focus} franchise",
            "{company} reorganises its {focus} business around ambulatory surgery centers",
            "Analysts weigh {company}'s {focus} roadmap after leadership change",
        ],
        snippets: [
            "{company} told investors it expects {focus} sales to grow {number}% a year through 2027, led by robotics and navigation pull-through.",
            "Management said {number}% of new {focus} accounts were won with bundled enabling technology last quarter.",
        ],
        insightTitles: [
            "{company} is tying its {focus} growth to enabling technology",
            "{company} is refocusing its {focus} strategy on outpatient care",
        ])

    static let regulatory = ResearchTopic(
        category: "regulatory",
        query: "{company} {focus} FDA clearances and recalls",
        sites: [.fda, .fda, medTechDive, fierceBiotech, .companyNewsroom],
        headlines: [
            "{company} receives FDA 510(k) clearance for next-generation {focus} system",
            "FDA clears expanded indications for {company}'s {focus} portfolio",
            "{company} issues voluntary field action on {focus} instrument set",
            "{company} wins breakthrough device designation for {focus} technology",
        ],
        snippets: [
            "The clearance covers {number} new sizes and instruments and allows a full U.S. launch of the {focus} line this year.",
            "The FDA database lists {number} {focus} submissions from {company} over the past two years.",
        ],
        insightTitles: [
            "{company} is accelerating its {focus} regulatory pipeline",
            "Regulatory activity points to a {focus} launch cycle at {company}",
        ])

    static let market = ResearchTopic(
        category: "market",
        query: "{company} {focus} market share and revenue",
        sites: [.sec, .sec, orthoWorld, fierceBiotech, medTechDive],
        headlines: [
            "{company} reports {focus} revenue up in the quarter",
            "{company} gains share in U.S. {focus} as rivals stall",
            "{company} quarterly filing breaks out {focus} sales by region",
            "Where {company} stands in the {focus} market",
        ],
        snippets: [
            "{company} said {focus} revenue rose {number}% year over year, ahead of the market's mid-single-digit growth.",
            "Filings show {focus} accounts for roughly {number}% of {company}'s segment revenue.",
        ],
        insightTitles: [
            "{company} is gaining share in {focus}",
            "{company}'s {focus} revenue is outgrowing the market",
        ])

    static let pricing = ResearchTopic(
        category: "pricing",
        query: "{company} {focus} pricing and hospital contracts",
        sites: [medTechDive, beckersSpine, orthoWorld, fierceBiotech],
        headlines: [
            "Hospitals push back on {focus} pricing from {company}",
            "{company} signs group purchasing agreement covering {focus}",
            "Ambulatory surgery centers squeeze {focus} prices as {company} responds",
        ],
        snippets: [
            "Buyers reported average selling prices for {focus} down {number}% as {company} traded price for volume in new contracts.",
            "The agreement gives {number} member hospitals tiered pricing on {company}'s {focus} portfolio.",
        ],
        insightTitles: [
            "{company} is trading {focus} price for volume",
            "Contracting pressure is eroding {company}'s {focus} margins",
        ])

    static let clinical = ResearchTopic(
        category: "clinical",
        query: "{company} {focus} clinical outcomes",
        sites: [.pubmed, .pubmed, .clinicalTrials, orthoWorld, .companyNewsroom],
        headlines: [
            "Two-year outcomes of {company}'s {focus} in a multicenter study",
            "{company} starts randomized trial comparing {focus} approaches",
            "Registry data on revision rates for {company}'s {focus}",
        ],
        snippets: [
            "In {number} patients, fusion and revision rates with {company}'s {focus} matched the control arm at 24 months.",
            "The study enrolls {number} patients across U.S. and European centers; primary completion is expected next year.",
        ],
        insightTitles: [
            "{company} is building a clinical evidence moat in {focus}",
            "{company}'s {focus} evidence base is still thin",
        ])

    static let product = ResearchTopic(
        category: "product",
        query: "{company} {focus} product launches",
        sites: [.companyNewsroom, orthoWorld, medTechDive, fierceBiotech, beckersSpine],
        headlines: [
            "{company} launches 3D-printed {focus} platform",
            "{company} expands {focus} portfolio with navigation-ready instruments",
            "{company} unveils new {focus} system at the NASS annual meeting",
            "Surgeons get a first look at {company}'s new {focus} line",
        ],
        snippets: [
            "{company} said the launch adds {number} {focus} configurations that work with its navigation platform.",
            "Early users reported {number}% shorter set-up times with the new {focus} instrument trays.",
        ],
        insightTitles: [
            "{company} is refreshing its {focus} portfolio faster than peers",
            "{company} is betting on 3D-printed {focus}",
        ])
}
