/// A piece of vocabulary with slots for the run's words: `{company}`, `{focus}`, `{number}`.
struct TextTemplate: ExpressibleByStringLiteral, Sendable {
    let text: String

    init(stringLiteral text: String) {
        self.text = text
    }

    func filled(company: String, focus: String, number: Int = 0) -> String {
        text.replacing("{company}", with: company)
            .replacing("{focus}", with: focus)
            .replacing("{number}", with: String(number))
    }
}
