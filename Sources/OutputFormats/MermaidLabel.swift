/// A name from the stream made safe for a Mermaid diagram, the one rule both of the report's
/// blocks follow. Mermaid reads `:` as the start of a Gantt task's data, `#` as a comment (in
/// a Gantt) or an entity, `;` as the end of a statement, `%` as a comment, a quote as the end
/// of a flowchart label and a backtick as a Markdown label (or the end of the report's fence);
/// each becomes its full-width look-alike, or `'` for the quotes. A line break would end the
/// statement, so every control or separator character becomes a space. The length is capped so
/// that one long name cannot push a whole chart off the page.
public enum MermaidLabel {
    /// The most characters a label keeps, the ellipsis included.
    public static let maxLength = 60

    public static func text(_ name: String) -> String {
        var words: [String] = []
        var word = ""
        for character in name {
            if character.isWhitespace || character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.append(replacement(for: character) ?? character)
            }
        }
        if !word.isEmpty { words.append(word) }
        let text = words.joined(separator: " ")
        if text.isEmpty { return "(unnamed)" }
        guard text.count > maxLength else { return text }
        return String(text.prefix(maxLength - 1)).trimmingSuffixSpaces + "…"
    }

    private static func replacement(for character: Character) -> Character? {
        switch character {
        case ":": "："
        case ";": "；"
        case "#": "＃"
        case "%": "％"
        case "\"", "`": "'"
        default: nil
        }
    }
}

extension String {
    fileprivate var trimmingSuffixSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
