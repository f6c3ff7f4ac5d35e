/// A piece of vocabulary with slots for the run's words: `{company}`, `{focus}`, `{number}`.
///
/// The text is split into its pieces once, and filled in one pass: a name that itself holds
/// `{focus}` (a server's client chooses the names) stays as it was given.
struct TextTemplate: ExpressibleByStringLiteral, Sendable {
    private enum Piece: Sendable {
        case text(String)
        case company, focus, number
    }

    private let pieces: [Piece]

    init(stringLiteral text: String) {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let slots: [(String, Piece)] = [("{company}", .company), ("{focus}", .focus), ("{number}", .number)]
            guard let (slot, piece) = slots.first(where: { rest[open...].hasPrefix($0.0) }) else {
                pieces.append(.text(String(rest[...open])))
                rest = rest[rest.index(after: open)...]
                continue
            }
            if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
            pieces.append(piece)
            rest = rest[rest.index(open, offsetBy: slot.count)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    func filled(company: String, focus: String, number: Int = 0) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .company: out += company
            case .focus: out += focus
            case .number: out += String(number)
            }
        }
        return out
    }
}
