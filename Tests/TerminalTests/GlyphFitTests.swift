@testable import Terminal
import Testing

@Suite("fitting a grid cell to what curses will draw")
struct GlyphFitTests {
    @Test("widths that agree: the text as is")
    func agree() {
        #expect(GlyphFit.fit("a", columns: 1, cursesColumns: 1, room: 80) == .text("a"))
        #expect(GlyphFit.fit("中", columns: 2, cursesColumns: 2, room: 80) == .text("中"))
        #expect(GlyphFit.fit("é", columns: 1, cursesColumns: 1, room: 1) == .text("é"))
    }

    @Test("the grid counts two, curses one (an emoji with VS16): the text, then a blank")
    func wideInGridOnly() {
        #expect(GlyphFit.fit("⚠️", columns: 2, cursesColumns: 1, room: 80) == .textThenBlank("⚠️"))
    }

    @Test("curses cannot show it (a C locale) or would take more room: ASCII of the grid's width")
    func standIn() {
        #expect(GlyphFit.fit("—", columns: 1, cursesColumns: -1, room: 80) == .standIn("?"))
        #expect(GlyphFit.fit("中", columns: 2, cursesColumns: -1, room: 80) == .standIn("? "))
        #expect(GlyphFit.fit("x", columns: 1, cursesColumns: 2, room: 80) == .standIn("?"))
    }

    @Test("a wide character cut by the screen's right edge (a resize race): a blank, no wrap")
    func clipped() {
        #expect(GlyphFit.fit("中", columns: 2, cursesColumns: 2, room: 1) == .standIn(" "))
    }
}
