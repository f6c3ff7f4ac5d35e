import Testing

@testable import Demo

@Suite("Vocabulary templates")
struct TextTemplateTests {
    @Test("every slot is filled, text around and between them kept, a stray brace left alone")
    func filled() {
        let template: TextTemplate = "{company} {number} ways {focus}: {x} {company}{focus}{"
        #expect(template.filled(company: "Acme", focus: "robots", number: 7) == "Acme 7 ways robots: {x} Acmerobots{")
    }

    @Test("a name that holds a slot is not filled again: a client's text stays as it was given")
    func namesAreNotTemplates() {
        let template: TextTemplate = "{company} on {focus}"
        #expect(template.filled(company: "{focus} Inc", focus: "{company}{number}") == "{focus} Inc on {company}{number}")
    }
}
