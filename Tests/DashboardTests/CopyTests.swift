import Analysis
@testable import Dashboard
import Testing

/// `y`: the selected source's URL, or the item's text, as an effect, sanitised on the way out.
@Suite("Copying the selection")
struct CopyTests {
    private static let size = Size(width: 120, height: 40)

    @Test("y on a source gives its URL, from the panel and from its details")
    func sourceURL() {
        let found = SourcesFound(count: 1, previews: [SourcePreview(title: "A title", url: "https://www.fda.gov/k1")])
        var app = TestStates.app(events: [AnalysisEvent(.sourcesFound(found), competitor: "A")], size: Self.size)
        app.focus(.sources)
        #expect(app.press(.character("y")) == [.copy("https://www.fda.gov/k1")])
        _ = app.press(.enter)
        #expect(app.press(.character("y")) == [.copy("https://www.fda.gov/k1")])
        #expect(app.state.details != nil)
    }

    @Test("y on an insight gives its text; a control character in it never reaches the effect")
    func cleanText() throws {
        let hostile = "leads\u{1B}]52;c;ZXZpbA==\u{07} on\u{9B}2J price\u{202E}\nnow"
        var app = TestStates.app(events: [insightEvent(hostile)], size: Self.size)
        app.focus(.insights)
        let effects = app.press(.character("y"))
        guard case .copy(let text) = try #require(effects.first) else {
            Issue.record("expected a copy, got \(effects)")
            return
        }
        #expect(text.hasPrefix("leads"))
        #expect(text.contains("price"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(!text.contains("52;"))
    }

    @Test("y with nothing selected copies nothing and says so")
    func nothing() {
        var app = TestStates.empty(Self.size)
        app.focus(.sources)
        #expect(app.press(.character("y")).isEmpty)
        #expect(app.state.notice?.isError == true)
    }
}
