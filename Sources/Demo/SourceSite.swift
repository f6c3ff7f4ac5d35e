/// Where a source is published, and what its addresses look like there.
enum SourceSite: Sendable {
    case fda
    case pubmed
    case clinicalTrials
    case sec
    /// A trade-press site, articles under `https://www.<host>/<section>/`.
    case tradePress(host: String, section: String)
    /// The competitor's own newsroom.
    case companyNewsroom

    func url(for title: String, company: String, using generator: inout SplitMix64) -> String {
        func number(_ range: ClosedRange<Int>) -> Int {
            Int.random(in: range, using: &generator)
        }
        switch self {
        case .fda:
            let year = number(23...25)
            return "https://www.accessdata.fda.gov/cdrh_docs/pdf\(year)/K\(year)\(number(1000...9999)).pdf"
        case .pubmed:
            return "https://pubmed.ncbi.nlm.nih.gov/\(number(36_000_000...39_999_999))/"
        case .clinicalTrials:
            return "https://clinicaltrials.gov/study/NCT0\(number(5_000_000...6_999_999))"
        case .sec:
            let filer = number(1_000_000...1_999_999)
            return "https://www.sec.gov/Archives/edgar/data/\(filer)/000\(filer)-\(number(23...25))-\(number(100_000...999_999)).htm"
        case .tradePress(let host, let section):
            return "https://www.\(host)/\(section)/\(Self.slug(title))-\(number(10_000...99_999))"
        case .companyNewsroom:
            return "https://www.\(Self.host(of: company))/news/\(Self.slug(title))"
        }
    }

    /// "Globus Medical" → "globusmedical.com".
    private static func host(of company: String) -> String {
        String(company.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }) + ".com"
    }

    /// "FDA clears X's 3D-printed cage" → "fda-clears-x-s-3d-printed-cage", at most 72 characters.
    private static func slug(_ title: String) -> String {
        var slug = ""
        for character in title.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        slug = String(slug.prefix(72))
        while slug.last == "-" { slug.removeLast() }
        return slug
    }
}
