/// Makes untrusted text from the stream safe to show on a terminal.
///
/// Competitor names, URLs and generated text are attacker-influenced, so every string is
/// cleaned once, where events are decoded: escape sequences (CSI, OSC, DCS and their C1 forms)
/// are removed whole rather than leaving their parameters behind, line breaks and tabs become
/// spaces (a field is shown on one line), and other C0/C1 controls, DEL and the bidi overrides
/// that can disguise text are dropped.
public enum TextSanitizer {
    public static func clean(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                out.append(" ")
            case 0x1B:
                skipEscapeSequence(&scalars)
            case 0x9B:
                skipControlSequence(&scalars)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                skipControlString(&scalars)
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                break
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// After ESC: CSI and the string-introducing forms are skipped to their end; an escape
    /// with intermediate bytes (`ESC ( B`) runs to its final byte; any other is two long.
    private static func skipEscapeSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard var next = scalars.next() else { return }
        switch next {
        case "[": skipControlSequence(&scalars)
        case "]", "P", "X", "^", "_": skipControlString(&scalars)
        default:
            while (0x20...0x2F).contains(next.value), let following = scalars.next() { next = following }
        }
    }

    /// Parameter and intermediate bytes up to and including the final byte (0x40–0x7E).
    private static func skipControlSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) || !(0x20...0x3F).contains(scalar.value) { return }
        }
    }

    /// Up to a string terminator: BEL, ST (U+009C) or ESC \.
    private static func skipControlString(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x07, 0x9C: return
            case 0x1B:
                _ = scalars.next()
                return
            default: continue
            }
        }
    }
}
