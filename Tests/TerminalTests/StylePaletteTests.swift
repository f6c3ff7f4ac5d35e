import CNcursesw
import Dashboard
@testable import Terminal
import Testing

@Suite("styles → colour pairs and attributes")
struct StylePaletteTests {
    let color = StylePalette(mode: .color)
    let monochrome = StylePalette(mode: .monochrome)

    @Test("colour: each coloured role has its own pair on the default background; the rest use the terminal's colours")
    func colourRoles() {
        #expect(color.look(for: .normal) == CellLook())
        #expect(color.look(for: .dim) == CellLook(dim: true))
        #expect(color.look(for: Style(.selection)) == CellLook(reverse: true))
        let coloured: [Style.Role] = [.accent, .title, .ok, .warning, .error]
        let pairs = coloured.map { color.look(for: Style($0)).pair }
        #expect(!pairs.contains(0))
        #expect(Set(pairs).count == coloured.count)
        #expect(Set(StylePalette.colorPairs.map(\.pair)) == Set(pairs))
        #expect(color.look(for: Style(.error)).pair == StylePalette.colorPairs.first { $0.foreground == Int16(COLOR_RED) }?.pair)
        #expect(color.look(for: Style(.ok)).pair == StylePalette.colorPairs.first { $0.foreground == Int16(COLOR_GREEN) }?.pair)
    }

    @Test("monochrome (NO_COLOR, --no-color, no colours): no pairs; roles that colour sets apart get attributes")
    func monochromeRoles() {
        for role in Style.Role.allCases { #expect(monochrome.look(for: Style(role)).pair == 0) }
        #expect(monochrome.look(for: .normal) == CellLook())
        #expect(monochrome.look(for: .dim) == CellLook(dim: true))
        #expect(monochrome.look(for: Style(.error)) == CellLook(bold: true, underline: true))
        #expect(monochrome.look(for: Style(.warning)) == CellLook(bold: true))
        #expect(monochrome.look(for: Style(.title)) == CellLook(bold: true))
        #expect(monochrome.look(for: Style(.accent)) == CellLook(bold: true))
        #expect(monochrome.look(for: Style(.selection)) == CellLook(reverse: true))
    }

    @Test("a style's own bold and reverse apply in both modes")
    func styleAttributes() {
        for palette in [color, monochrome] {
            let look = palette.look(for: Style(.normal, bold: true, reverse: true))
            #expect(look.bold && look.reverse)
        }
    }

    @Test("looks become curses attribute bits")
    func attributeBits() {
        #expect(CellLook().attributes == 0)
        #expect(CellLook(bold: true, underline: true).attributes == cncursesw_A_BOLD() | cncursesw_A_UNDERLINE())
        #expect(CellLook(pair: 6, dim: true, reverse: true).attributes == cncursesw_A_DIM() | cncursesw_A_REVERSE())
    }
}
