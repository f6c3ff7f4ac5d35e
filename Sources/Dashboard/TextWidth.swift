/// How many terminal columns text takes, measured per grapheme with one table, so that
/// layout is the same in tests and on every terminal (wcwidth depends on the locale).
///
/// Wide East Asian characters and emoji presented as emoji take two columns; combining marks,
/// joiners and variation selectors take none (they ride on the grapheme before them); a
/// symbol that is text by default (⚠) takes one unless VS16 asks for emoji presentation.
public enum TextWidth {
    public static func of(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        var width = 0
        for character in text { width += of(character) }
        return width
    }

    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x7F { return first.value < 0x20 ? 0 : 1 }
        // Box drawing, blocks and most geometric shapes: the views draw these all the time.
        if (0x2500...0x25FC).contains(first.value), scalars.count == 1 { return 1 }
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if first.properties.isEmojiPresentation || isWide(first.value) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: return 1
        }
    }

    /// The longest prefix of `text` that fits in `columns`, ending in "…" when something was
    /// cut; never splits a grapheme.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if of(text) <= columns { return text }
        if isPrintableASCII(text), isPrintableASCII(ellipsis), columns > ellipsis.utf8.count {
            return String(decoding: text.utf8.prefix(columns - ellipsis.utf8.count), as: UTF8.self) + ellipsis
        }
        let room = columns - of(ellipsis)
        var kept = ""
        var width = 0
        for character in text {
            let next = of(character)
            if width + next > room { break }
            kept.append(character)
            width += next
        }
        return room >= 0 ? kept + ellipsis : String(ellipsis.prefix(columns))
    }

    /// The longest end of `text` that fits in `columns`, never splitting a grapheme.
    public static func suffix(_ text: String, to columns: Int) -> String {
        var kept: [Character] = []
        var width = 0
        for character in text.reversed() {
            let next = of(character)
            if width + next > columns { break }
            kept.append(character)
            width += next
        }
        return String(kept.reversed())
    }

    /// Breaks text into lines of at most `columns`, at spaces where it can and inside a word
    /// only when the word alone is too long.
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            var wordWidth = of(word)
            if lineWidth > 0, lineWidth + 1 + wordWidth <= columns {
                line += " " + word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            while wordWidth > columns {
                let head = truncate(word, to: columns, ellipsis: "")
                lines.append(head)
                word = String(word.dropFirst(head.count))
                wordWidth = of(word)
            }
            line = word
            lineWidth = wordWidth
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Text of one-column characters only, the common case, measured without graphemes.
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W and F), which
    /// Swift's scalar properties do not expose.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }
}
