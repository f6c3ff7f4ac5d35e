@testable import Terminal
import Testing

@Suite("colour or monochrome")
struct ColorModeTests {
    @Test("colour on a colour terminal when nobody asked for none")
    func colour() {
        #expect(ColorMode.resolve(noColorOption: false, noColorEnvironment: nil, terminalHasColors: true) == .color)
    }

    @Test("NO_COLOR with any non-empty value, --no-color, or a terminal without colours: monochrome")
    func monochrome() {
        #expect(ColorMode.resolve(noColorOption: false, noColorEnvironment: "1", terminalHasColors: true) == .monochrome)
        #expect(ColorMode.resolve(noColorOption: false, noColorEnvironment: "0", terminalHasColors: true) == .monochrome)
        #expect(ColorMode.resolve(noColorOption: true, noColorEnvironment: nil, terminalHasColors: true) == .monochrome)
        #expect(ColorMode.resolve(noColorOption: false, noColorEnvironment: nil, terminalHasColors: false) == .monochrome)
    }

    @Test("an empty NO_COLOR is the same as none (no-color.org)")
    func emptyNoColor() {
        #expect(ColorMode.resolve(noColorOption: false, noColorEnvironment: "", terminalHasColors: true) == .color)
    }
}
