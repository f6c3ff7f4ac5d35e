import CNcursesw
import Dashboard
@testable import Terminal
import Testing

@Suite("curses input → keys")
struct KeyDecoderTests {
    @Test("characters, control keys and the keys that arrive as characters under raw()", arguments: [
        (UInt32(Character("q").asciiValue!), Key.character("q")),
        (0x00E9, .character("é")),
        (0x4E2D, .character("中")),
        (0x1F600, .character("😀")),
        (32, .character(" ")),
        (3, .control("c")),
        (1, .control("a")),
        (26, .control("z")),
        (9, .tab),
        (10, .enter),
        (13, .enter),
        (27, .escape),
        (127, .backspace),
        (8, .backspace),
    ] as [(UInt32, Key)])
    func characters(code: UInt32, key: Key) {
        #expect(KeyDecoder.decode(.character(code)) == key)
    }

    @Test("key codes from keypad mode", arguments: [
        (KEY_UP, Key.up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
        (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end),
        (KEY_DC, .delete), (KEY_BTAB, .backTab), (KEY_ENTER, .enter), (KEY_BACKSPACE, .backspace),
        (KEY_F0 + 1, .function(1)), (KEY_F0 + 12, .function(12)), (KEY_F0 + 63, .function(63)),
    ] as [(Int32, Key)])
    func keyCodes(code: Int32, key: Key) {
        #expect(KeyDecoder.decode(.keyCode(code)) == key)
    }

    @Test("input without a key: resize and mouse reports, other C0 and C1 codes, surrogates")
    func noKey() {
        #expect(KeyDecoder.decode(.keyCode(KEY_RESIZE)) == nil)
        #expect(KeyDecoder.decode(.keyCode(KEY_MOUSE)) == nil)
        #expect(KeyDecoder.decode(.keyCode(KEY_F0)) == nil)
        for code: UInt32 in [0, 28, 31, 0x80, 0x9B, 0xD800] {
            #expect(KeyDecoder.decode(.character(code)) == nil, "code \(code)")
        }
    }
}
