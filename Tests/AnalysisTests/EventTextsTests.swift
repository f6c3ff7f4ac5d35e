@testable import Analysis
import Testing

@Suite struct EventTextsTests {
    @Test("each slot holds its own span, String or nothing, and gives back what was put in")
    func slotsAreIndependent() {
        var texts = EventTexts()
        #expect(EventTexts.Slot.allCases.allSatisfy { texts[$0] == nil })
        texts[.stage] = .span(start: 7, count: 0)
        texts[.message] = .string("café")
        texts[.sessionID] = .span(start: 1, count: 36)
        #expect(texts[.stage].map(Self.describe) == "span 7+0")
        #expect(texts[.message].map(Self.describe) == "string café")
        #expect(texts[.sessionID].map(Self.describe) == "span 1+36")
        #expect(texts[.requestID] == nil && texts[.competitor] == nil)
        texts[.message] = .span(start: 3, count: 4)
        texts[.stage] = nil
        #expect(texts[.message].map(Self.describe) == "span 3+4")
        #expect(texts[.stage] == nil)
    }

    /// The String forms are shared between copies: a change to one must not show in the other.
    @Test("a String set on a copy leaves the original as it was")
    func copiesDoNotShareChanges() {
        var original = EventTexts()
        original[.competitor] = .string("Medtronic")
        var copy = original
        copy[.competitor] = .string("NuVasive")
        copy[.stage] = .string("research")
        #expect(original[.competitor].map(Self.describe) == "string Medtronic")
        #expect(original[.stage] == nil)
        #expect(copy[.competitor].map(Self.describe) == "string NuVasive")
        #expect(copy[.stage].map(Self.describe) == "string research")
    }

    private static func describe(_ text: EventText) -> String {
        switch text {
        case .string(let string): "string \(string)"
        case .span(let start, let count): "span \(start)+\(count)"
        }
    }
}
