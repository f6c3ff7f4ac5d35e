import Foundation
@testable import Terminal
import Testing

/// Whether a copy may go (the environment, terminfo, tmux), and the OSC 52 escape it goes as.
@Suite("The clipboard through OSC 52")
struct ClipboardTests {
    private func support(_ environment: [String: String], ms: Bool = false, tmux: String? = nil) -> (Clipboard.Support, asked: Bool) {
        var asked = false
        let support = Clipboard.support(environment: environment, terminfoHasMs: ms) {
            asked = true
            return tmux
        }
        return (support, asked)
    }

    private func howTo(_ support: Clipboard.Support) -> String? {
        if case .unknown(let text) = support { return text }
        return nil
    }

    @Test("STREAMTOP_CLIPBOARD decides first: osc52 copies even where nothing else says so, off never copies")
    func override() {
        let forced = support(["STREAMTOP_CLIPBOARD": "osc52", "TMUX": "/tmp/tmux-1/default", "TERM": "dumb"], tmux: "off")
        #expect(forced.0 == .accepted)
        #expect(!forced.asked)
        let off = support(["STREAMTOP_CLIPBOARD": "off", "TERM": "xterm-kitty"], ms: true)
        #expect(howTo(off.0)?.contains("STREAMTOP_CLIPBOARD=off") == true)
    }

    @Test("inside tmux only set-clipboard on lets a copy through; otherwise the notice says how to turn it on")
    func tmux() {
        let inside = ["TMUX": "/tmp/tmux-1/default,1,0", "TERM": "tmux-256color"]
        let on = support(inside, tmux: "on")
        #expect(on.0 == .accepted)
        #expect(on.asked)
        for answer in ["external", "off", nil] {
            let refused = support(inside, ms: true, tmux: answer)
            #expect(howTo(refused.0)?.contains("set -g set-clipboard on") == true, "\(String(describing: answer))")
        }
    }

    @Test("outside tmux: terminfo's Ms, or a terminal known to take OSC 52, lets it through; tmux is not asked")
    func terminals() {
        let ms = support(["TERM": "xterm-256color"], ms: true)
        #expect(ms.0 == .accepted)
        #expect(!ms.asked)
        #expect(support(["TERM": "xterm-kitty"]).0 == .accepted)
        #expect(support(["TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"]).0 == .accepted)
        let unknown = support(["TERM": "vt100"])
        #expect(howTo(unknown.0)?.contains("STREAMTOP_CLIPBOARD=osc52") == true)
        #expect(!unknown.asked)
    }

    /// The base64 a sequence carries, decoded, when it is ESC ] 52 ; c ; <base64> BEL.
    private func payload(_ bytes: [UInt8]) -> [UInt8]? {
        let prefix = Array("\u{1B}]52;c;".utf8)
        guard bytes.starts(with: prefix), bytes.last == 0x07 else { return nil }
        let base64 = String(decoding: bytes[prefix.count..<(bytes.count - 1)], as: UTF8.self)
        return Data(base64Encoded: base64).map { Array($0) }
    }

    @Test("the sequence is ESC ] 52 ; c ; base64 BEL, and no byte of the text goes raw")
    func sequence() throws {
        let text = "https://example.com/a?b=1 — ünïcode 日本"
        let (bytes, isCut) = Clipboard.sequence(for: text)
        #expect(!isCut)
        #expect(try #require(payload(bytes)) == Array(text.utf8))
        let hostile = Clipboard.sequence(for: "a\u{1B}[2Jb\u{07}c").bytes
        #expect(hostile.filter { $0 == 0x1B }.count == 1)
        #expect(hostile.filter { $0 == 0x07 }.count == 1)
    }

    @Test("a text over the cap is cut at a character boundary", arguments: ["a", "ab", "abc"])
    func cut(lead: String) throws {
        for unit in ["é", "日", "😀"] {
            let text = lead + String(repeating: unit, count: Clipboard.maxBytes / unit.utf8.count + 2)
            let (bytes, isCut) = Clipboard.sequence(for: text)
            #expect(isCut)
            let kept = try #require(payload(bytes))
            #expect(kept.count <= Clipboard.maxBytes)
            #expect(kept.count > Clipboard.maxBytes - unit.utf8.count)
            let decoded = try #require(String(validating: kept, as: UTF8.self), "\(lead) \(unit): cut inside a character")
            #expect(text.hasPrefix(decoded))
        }
        let exact = String(repeating: "a", count: Clipboard.maxBytes)
        #expect(!Clipboard.sequence(for: exact).isCut)
    }
}
